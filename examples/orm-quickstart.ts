/**
 * The ORM quickstart, step for step SQLAlchemy's "ORM Quick Start" (User and Address models) on an
 * embedded SQLite file: declare models, create the tables, persist objects, SELECT, SELECT with a
 * JOIN, make changes, delete. `npm start` runs it after the Core quickstart; `echo: true` prints
 * each statement.
 */
import { rmSync } from "node:fs";
import { createEngine, Integer, select, String } from "alkahest";
import { declarativeBase, mappedColumn, relationship, selectinload, Session } from "alkahest/orm";

const file = "orm-quickstart.db";
rmSync(file, { force: true });

// 1. declare models
const Base = declarativeBase({ naming: "snake_case" });

class User extends Base.model("user_account", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  fullname: mappedColumn(String(100), { nullable: true }),
  addresses: relationship<Address[]>("Address", { backPopulates: "user", cascade: "all, delete-orphan" }),
}) {
  static { Base.register(this); }
  override toString() { return `User(id=${this.id}, name=${this.name}, fullname=${this.fullname})`; }
}

class Address extends Base.model("address", {
  id: mappedColumn(Integer, { primaryKey: true }),
  emailAddress: mappedColumn(String(100)),
  userId: mappedColumn(Integer, { foreignKey: "user_account.id" }),
  user: relationship<User>("User", { backPopulates: "addresses" }),
}) {
  static { Base.register(this); }
  override toString() { return `Address(id=${this.id}, emailAddress=${this.emailAddress})`; }
}

// 2. an engine, and 3. CREATE TABLE
const engine = createEngine(`sqlite+libsql:///${file}`, { echo: true });

async function main(): Promise<void> {
  await Base.metadata.createAll(engine);

  // 4. create objects and persist: one unit of work, parents before children, keys synced back
  {
    await using session = new Session(engine);
    const spongebob = new User({ name: "spongebob", fullname: "Spongebob Squarepants" });
    spongebob.addresses.push(new Address({ emailAddress: "spongebob@sqlalchemy.org" }));
    const sandy = new User({ name: "sandy", fullname: "Sandy Cheeks" });
    sandy.addresses.push(new Address({ emailAddress: "sandy@sqlalchemy.org" }), new Address({ emailAddress: "sandy@squirrelpower.org" }));
    const patrick = new User({ name: "patrick", fullname: "Patrick Star" });
    session.addAll([spongebob, sandy, patrick]);
    await session.commit();
  }

  await using session = new Session(engine);

  // 5. simple SELECT
  console.log("\nusers named spongebob or sandy:");
  for (const user of await session.scalars(select(User).where(User.name.in(["spongebob", "sandy"]))).all()) console.log(`  ${user}`);

  // 6. SELECT with JOIN
  const sandysAddress = await session.scalars(
    select(Address).join(Address.user).where(User.name.eq("sandy")).where(Address.emailAddress.eq("sandy@sqlalchemy.org")),
  ).one();
  console.log(`\nsandy's first address: ${sandysAddress}`);

  // 7. make changes: the Session tracks them and flushes only what changed
  const patrick = (await session.scalars(select(User).where(User.name.eq("patrick"))).one());
  (await patrick.awaitableAttrs.addresses).push(new Address({ emailAddress: "patrickstar@sqlalchemy.org" }));
  sandysAddress.emailAddress = "sandy_cheeks@sqlalchemy.org";
  await session.commit();

  // 8. some deletes: delete-orphan removes an address taken out of its collection; deleting a
  // user cascades to its addresses
  // (after commit, objects are expired: reading a column would need I/O, so reload explicitly)
  const sandy = await session.scalars(select(User).where(User.name.eq("sandy")).options(selectinload(User.addresses))).one();
  const addresses = sandy.addresses;
  addresses.splice(addresses.indexOf(sandysAddress), 1);
  await session.flush();
  await session.delete(patrick);
  await session.commit();

  // what is left, loaded with one IN query for the addresses
  console.log("\nleft in the database:");
  for (const user of await session.scalars(select(User).options(selectinload(User.addresses)).orderBy(User.id)).all()) {
    console.log(`  ${user}: ${user.addresses.map((a) => a.emailAddress).join(", ") || "(no addresses)"}`);
  }

  await session.close();
  await engine.dispose();
  rmSync(file, { force: true });
}

await main();
