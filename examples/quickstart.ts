/**
 * `npm start`: alkahest's quickstart on an embedded SQLite file (no server). Creates two tables,
 * inserts, queries with a join and an aggregate, updates, deletes, and prints the results. `echo:
 * true` shows every statement alkahest sends.
 */
import { rmSync } from "node:fs";
import * as sa from "alkahest";
import { createEngine, delete_, func, insert, select, text, update } from "alkahest";

const file = "quickstart.db";
rmSync(file, { force: true });

// 1. describe the schema
const metadata = new sa.MetaData();
const users = new sa.Table("users", metadata,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("username", sa.String(50), { nullable: false, unique: true }),
  new sa.Column("email", sa.String(100)),
  new sa.Column("is_active", sa.Boolean, { nullable: false, default: true }),
  new sa.Column("created_at", sa.DateTime, { nullable: false, default: () => new Date() }),
);
const posts = new sa.Table("posts", metadata,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", { ondelete: "CASCADE" }), { nullable: false }),
  new sa.Column("title", sa.String(200), { nullable: false }),
);

// 2. an engine: the URL names dialect+driver; the libsql adapter is loaded for you
const engine = createEngine(`sqlite+libsql:///${file}`, { echo: true });

async function main(): Promise<void> {
  await metadata.createAll(engine);

  // 3. insert in a transaction (committed at the end of the callback, rolled back on a throw)
  await engine.begin(async (conn) => {
    await conn.execute(insert(users).values([
      { username: "alice", email: "alice@example.com" },
      { username: "bob", email: null },
      { username: "carol", email: "carol@example.com" },
    ]));
    const alice = (await conn.execute(select(users.c.id).where(users.c.username.eq("alice")))).scalarOne();
    await conn.execute(insert(posts).values([
      { user_id: alice, title: "Hello, alkahest" },
      { user_id: alice, title: "Unit of work, explained" },
    ]));
  });

  await engine.connect(async (conn) => {
    // 4. query: rows are read by name, by position, or destructured
    const rows = await conn.execute(
      select(users.c.username, func.count(posts.c.id).label("post_count"))
        .outerjoin(posts, users.c.id.eq(posts.c.user_id))
        .groupBy(users.c.username)
        .orderBy(users.c.username),
    );
    console.log("\nposts per user:");
    for (const row of rows) console.log(`  ${row.username}: ${row.post_count}`);

    // 5. update and delete, with row counts
    const updated = await conn.execute(update(users).where(users.c.email.isNull()).values({ email: "bob@example.com" }));
    const deleted = await conn.execute(delete_(users).where(users.c.username.eq("carol")));
    await conn.commit();
    console.log(`\nupdated ${updated.rowcount} row(s), deleted ${deleted.rowcount} row(s)`);

    // 6. raw SQL stays explicit: text() with named parameters
    const active = await conn.execute(text("SELECT username, email FROM users WHERE is_active = :active ORDER BY id").bindparams({ active: 1 }));
    console.log("\nusers now:");
    for (const [username, email] of active) console.log(`  ${username} <${email}>`);
  });

  await engine.dispose();
  rmSync(file, { force: true });
}

await main();
