/**
 * `session.get()` by primary key through the statement cached per engine and mapper
 * (src/orm/loading/get-plan.ts), and the cases that keep the general ORM select: mappers whose
 * rows need more than a plain SELECT, engines with execute listeners, values of the wrong type.
 * Runs on real SQLite (libsql, in memory).
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { Session, declarativeBase, mappedColumn, relationship } from "../../../src/orm/index.js";

function models() {
  const Base = declarativeBase({ naming: "snake_case" });
  class Author extends Base.model("authors", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
    books: relationship<Book[]>("Book", { backPopulates: "author", lazy: "selectin" }),
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
  class Pair extends Base.model("pairs", {
    a: mappedColumn(sa.String(5), { primaryKey: true }),
    b: mappedColumn(sa.Integer, { primaryKey: true }),
    note: mappedColumn(sa.String(20)),
  }) {
    static {
      Base.register(this);
    }
  }
  return { Base, Author, Book, Pair };
}

async function setup() {
  const m = models();
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  await m.Base.metadata.createAll(engine);
  await engine.begin(async (c) => {
    await c.execute(sa.insert(m.Author.__table__).values([{ id: 1, name: "Ann" }, { id: 2, name: "Bo" }] as never));
    await c.execute(sa.insert(m.Book.__table__).values([{ id: 1, authorId: 1, title: "One" }, { id: 2, authorId: 1, title: "Two" }, { id: 3, authorId: 2, title: "Three" }] as never));
    await c.execute(sa.insert(m.Pair.__table__).values([{ a: "x", b: 1, note: "x1" }, { a: "x", b: 2, note: "x2" }] as never));
  });
  const selects: string[] = [];
  sa.event.listen(engine, "beforeCursorExecute", (_c: unknown, sql: string) => {
    if (/^\s*SELECT/i.test(sql)) selects.push(sql);
  });
  return { ...m, engine, selects };
}

describe("session.get by primary key", () => {
  it("loads once per key, returns the identity map's object after, keeps pending changes, and misses as undefined", async () => {
    const { engine, Book, Pair, selects } = await setup();
    try {
      await using s = new Session(engine);
      const b1 = (await s.get(Book, 1))!;
      expect(b1.title).toBe("One");
      expect(await s.get(Book, 1)).toBe(b1);
      expect(selects).toHaveLength(1);
      b1.title = "changed";
      expect(await s.get(Book, 2)).toMatchObject({ id: 2, title: "Two" });
      expect(b1.title).toBe("changed"); // autoflushed, not overwritten
      expect(await s.get(Book, 99)).toBeUndefined();
      expect(await s.get(Pair, ["x", 2])).toMatchObject({ a: "x", b: 2, note: "x2" });
      expect(await s.get(Pair, { a: "x", b: 1 })).toMatchObject({ note: "x1" });
      s.expire(b1);
      expect((await s.get(Book, 1))!.title).toBe("changed"); // expired: loaded again (the flushed value)
    } finally {
      await engine.dispose();
    }
  });

  it("runs a mapper's default eager loaders (the general path)", async () => {
    const { engine, Author, selects } = await setup();
    try {
      await using s = new Session(engine);
      const a = (await s.get(Author, 1))!;
      expect(selects).toHaveLength(2); // the author, then its books (lazy: "selectin")
      expect(a.books.map((b) => b.title).sort()).toEqual(["One", "Two"]);
    } finally {
      await engine.dispose();
    }
  });

  it("lets engine execute listeners see the statement, and raises the usual error for a value of the wrong type", async () => {
    const { engine, Book } = await setup();
    try {
      await using s = new Session(engine);
      await expect(s.get(Book, "one" as never)).rejects.toThrow(/^invalid value for INTEGER: a string was given/);
      const seen: unknown[] = [];
      sa.event.listen(engine, "beforeExecute", (_c: unknown, stmt: unknown) => void seen.push(stmt));
      expect((await s.get(Book, 3))!.title).toBe("Three");
      expect(seen).toHaveLength(1);
    } finally {
      await engine.dispose();
    }
  });

  it("leaves an ORM select's Core result whole for an afterExecute listener that keeps it", async () => {
    const { engine, Book } = await setup();
    try {
      const kept: sa.Result<unknown[]>[] = [];
      sa.event.listen(engine, "afterExecute", (_c: unknown, _stmt: unknown, _p: unknown, result: sa.Result<unknown[]>) => void kept.push(result));
      await using s = new Session(engine);
      const books = await s.scalars(sa.select(Book).orderBy(Book.id)).all();
      expect(books.map((b) => b.title)).toEqual(["One", "Two", "Three"]);
      expect(kept.at(-1)!.all().map((r) => r[2])).toEqual(["One", "Two", "Three"]);
    } finally {
      await engine.dispose();
    }
  });
});
