/**
 * Loading a plain `select(Model)` into a session that holds no object of its class adds the
 * objects to the identity map without a lookup per row, indexed on the first lookup
 * (src/orm/session/identity-map.ts `addUnindexed`). The identity map must behave exactly as if
 * each had been looked up and added: one object per row, found by `get()` without SQL, counted,
 * removed by `expunge()`, and statements whose rows repeat a key (joins, another table in WHERE)
 * must take the per-row path. Such objects get their ORM state only when something needs it
 * (`LoadBatch` in src/orm/session/instance-state.ts); what happens to the whole session meanwhile
 * (close, commit, rollback, expireAll) must reach them as if each had had its state all along.
 * Runs on real SQLite (libsql, in memory).
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { DetachedInstanceError, InvalidRequestError, LazyLoadError } from "../../../src/errors.js";
import { Session, declarativeBase, inspectState, mappedColumn, relationship } from "../../../src/orm/index.js";

async function setup() {
  const Base = declarativeBase({ naming: "snake_case" });
  class Author extends Base.model("authors", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
    books: relationship<Book[]>("Book", { backPopulates: "author" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Book extends Base.model("books", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    authorId: mappedColumn(sa.Integer, { foreignKey: "authors.id" }),
    title: mappedColumn(sa.String(20)),
    author: relationship<Author>("Author", { backPopulates: "books" }),
  }) {
    static {
      Base.register(this);
    }
  }
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await Base.metadata.createAll(engine);
  await engine.begin(async (c) => {
    await c.execute(sa.insert(Author.__table__).values([{ id: 1, name: "Ann" }, { id: 2, name: "Bo" }, { id: 3, name: "Cy" }] as never));
    await c.execute(sa.insert(Book.__table__).values([{ id: 1, authorId: 1, title: "One" }, { id: 2, authorId: 1, title: "Two" }, { id: 3, authorId: 2, title: "Three" }] as never));
  });
  const selects: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
    if (/^\s*SELECT/i.test(sql)) selects.push(sql);
  });
  return { Author, Book, engine, selects };
}

describe("loading distinct rows into an empty identity map", () => {
  it("objects are found by get() without SQL, counted, and returned again by the next query", async () => {
    const { Author, engine, selects } = await setup();
    const s = new Session(engine);
    const all = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    expect(all.map((a) => a.name)).toEqual(["Ann", "Bo", "Cy"]);
    expect(s.identityMap.size).toBe(3);
    expect([...s.identityMap.values()].map((st) => st.obj)).toEqual(all);
    selects.length = 0;
    expect(await s.get(Author, 2)).toBe(all[1]);
    expect(selects).toHaveLength(0);
    const again = await s.scalars(sa.select(Author).where(Author.id.ge(2)).orderBy(Author.id)).all();
    expect(again).toEqual([all[1], all[2]]);
    expect(again[0]).toBe(all[1]);
    expect(s.identityMap.size).toBe(3);
    await s.close();
    await engine.dispose();
  });

  it("a second query before any lookup keeps one object per row (the per-row path sees the unindexed ones)", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const first = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    first[0]!.name = "Changed";
    const second = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    expect(second).toEqual(first);
    for (let i = 0; i < 3; i++) expect(second[i]).toBe(first[i]);
    expect(second[0]!.name).toBe("Changed"); // pending change kept
    expect(s.identityMap.size).toBe(3);
    await s.close();
    await engine.dispose();
  });

  it("expunge() of an unindexed object removes it; get() then loads a new object with one SELECT", async () => {
    const { Author, engine, selects } = await setup();
    const s = new Session(engine);
    const all = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    s.expunge(all[0]!);
    expect(s.identityMap.size).toBe(2);
    selects.length = 0;
    const fresh = await s.get(Author, 1);
    expect(selects).toHaveLength(1);
    expect(fresh).not.toBe(all[0]);
    expect(fresh!.name).toBe("Ann");
    await s.close();
    await engine.dispose();
  });

  it("rows that repeat a key (a join, another table in WHERE) give one object per key", async () => {
    const { Author, Book, engine } = await setup();
    for (const stmt of [
      sa.select(Author).join(Author.books).orderBy(Author.id),
      sa.select(Author).where(Author.id.eq(Book.authorId)).orderBy(Author.id),
    ]) {
      const s = new Session(engine);
      const rows = await s.scalars(stmt).all();
      expect(rows.map((a) => a.id)).toEqual([1, 1, 2]);
      expect(rows[0]).toBe(rows[1]);
      expect(s.identityMap.size).toBe(2);
      await s.close();
    }
    await engine.dispose();
  });

  it("after commit the loaded objects are expired and reload by key", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const all = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    await s.commit();
    await engine.begin(async (c) => void (await c.execute(sa.update(Author.__table__).where(Author.__table__.c.id.eq(3)).values({ name: "Zed" } as never))));
    expect(await all[2]!.awaitableAttrs.name).toBe("Zed");
    expect(await s.get(Author, 3)).toBe(all[2]);
    await s.close();
    await engine.dispose();
  });
});

describe("a loaded object's values stay on its row until something needs a dictionary", () => {
  it("reads, writes, expiry, refresh and flush behave as with a dictionary", async () => {
    const { Author, engine, selects } = await setup();
    const s = new Session(engine);
    const [a, b] = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    expect([a!.id, a!.name, b!.name]).toEqual([1, "Ann", "Bo"]);
    expect({ ...a }).toEqual({}); // no own enumerable properties: values are read through the class's accessors
    a!.name = "Anna";
    expect(a!.name).toBe("Anna");
    expect(s.dirty).toEqual([a]);
    await s.flush();
    expect(await s.scalar(sa.select(Author.name).where(Author.id.eq(1)))).toBe("Anna");
    s.expire(b!);
    selects.length = 0;
    await s.refresh(b!);
    expect(selects).toHaveLength(1);
    expect(b!.name).toBe("Bo");
    await s.rollback();
    expect(await a!.awaitableAttrs.name).toBe("Ann"); // expired by the rollback, reloaded
    await s.close();
    await engine.dispose();
  });
});

describe("objects loaded in a batch get their state when first needed", () => {
  it("close() detaches every object, whether it has its state yet or not; loaded values stay readable", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const [a, b, c] = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    a!.name = "Anna"; // a gets its state now, b and c do not
    expect(inspectState(b!).status).toBe("persistent"); // b gets it here
    await s.close();
    for (const o of [a, b, c]) expect(inspectState(o!).status).toBe("detached");
    expect(inspectState(c!).identity).toEqual([3]);
    expect([a!.name, b!.name, c!.name]).toEqual(["Anna", "Bo", "Cy"]);
    expect(() => c!.books).toThrow(LazyLoadError);
    await engine.dispose();
  });

  it("commit expires every object; after close() an untouched one reports it is detached and expired", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const [a, b, c] = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    expect(inspectState(a!).expiredKeys).toEqual([]); // a has its state before the commit
    await s.commit();
    expect(() => b!.name).toThrow(/Author\.name of Author\(id=2\) is expired/);
    expect(inspectState(a!).expiredKeys).toEqual(["name"]);
    expect(c!.id).toBe(3); // the key never expires
    await s.close();
    expect(() => c!.name).toThrow(DetachedInstanceError);
    expect(inspectState(c!)).toMatchObject({ status: "detached", expiredKeys: ["name"] });
    await engine.dispose();
  });

  it("rollback() and expireAll() expire untouched objects too; each reloads on await", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const [a, b] = await s.scalars(sa.select(Author).orderBy(Author.id)).all();
    await s.execute(sa.update(Author.__table__).where(Author.__table__.c.id.eq(1)).values({ name: "Ada" } as never));
    s.expireAll();
    expect(() => a!.name).toThrow(/is expired/);
    expect(await a!.awaitableAttrs.name).toBe("Ada"); // the session's own write
    await s.rollback();
    expect(() => a!.name).toThrow(InvalidRequestError);
    expect(() => b!.name).toThrow(InvalidRequestError);
    expect(await a!.awaitableAttrs.name).toBe("Ann"); // the write was rolled back
    expect(await b!.awaitableAttrs.name).toBe("Bo");
    await s.close();
    await engine.dispose();
  });
});

describe("objects loaded by the per-row path (a join, session.get) get their state when first needed", () => {
  it("a second load keeps loaded values; after expireAll() it refreshes them into the same objects", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const joined = sa.select(Author).join(Author.books).orderBy(Author.id);
    const first = await s.scalars(joined).unique().all();
    expect(first.map((a) => a.name)).toEqual(["Ann", "Bo"]);
    await s.execute(sa.update(Author.__table__).where(Author.__table__.c.id.eq(1)).values({ name: "Ada" } as never));
    const again = await s.scalars(joined).unique().all();
    expect(again[0]).toBe(first[0]);
    expect(again[0]!.name).toBe("Ann"); // the identity map's object keeps what it loaded
    s.expireAll();
    const third = await s.scalars(joined).unique().all();
    expect(third[0]).toBe(first[0]);
    expect(third[0]!.name).toBe("Ada"); // expired: filled from the new row
    expect((await s.get(Author, 3))!.name).toBe("Cy"); // loaded after expireAll(): not expired
    expect(await s.get(Author, 2)).toBe(first[1]);
    await s.close();
    expect(inspectState(first[1]!).status).toBe("detached");
    await engine.dispose();
  });

  it("an object from get() is changed, flushed and found again; a load after close() starts a new object", async () => {
    const { Author, engine } = await setup();
    const s = new Session(engine);
    const a = (await s.get(Author, 3))!;
    const b = (await s.get(Author, 2))!;
    a.name = "Cyd";
    expect(s.dirty).toEqual([a]);
    await s.flush();
    expect(await s.get(Author, 3)).toBe(a);
    expect(await s.scalar(sa.select(Author.name).where(Author.id.eq(3)))).toBe("Cyd");
    await s.commit();
    expect(() => b.name).toThrow(/is expired/); // b never got its state before the commit
    expect(await b.awaitableAttrs.name).toBe("Bo");
    await s.close();
    const s2 = new Session(engine);
    const b2 = (await s2.get(Author, 2))!;
    expect(b2).not.toBe(b);
    expect(inspectState(b2).status).toBe("persistent");
    expect(inspectState(b).status).toBe("detached");
    await s2.close();
    await engine.dispose();
  });
});
