/** Unit of work against a recording fake connection: batching under the parameter limit, key matching, per-row fallback. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { Session, declarativeBase, mappedColumn, relationship } from "../../../src/orm/index.js";

function fakeEngine(options: { maxParams: number; returning: boolean }) {
  const sent: { sql: string; params: unknown[] }[] = [];
  let nextId = 1;
  const conn = {
    inTransaction: () => true,
    async execute(stmt: sa.ClauseElement) {
      const c = stmt.compile({ dialect: "sqlite" });
      sent.push({ sql: c.sql, params: c.params });
      if (c.kind === "insert") {
        const rows = (stmt as unknown as { _rows: unknown[][] })._rows.length;
        const ids = Array.from({ length: rows }, () => [nextId++]);
        return new sa.Result(c.returning ? (ids as never) : [], ["id"], rows, c.returning ? null : nextId - 1);
      }
      return new sa.Result([], [], 1, null);
    },
    commit: async () => undefined,
    rollback: async () => undefined,
    close: async () => undefined,
  };
  const engine = {
    connect: async () => conn,
    dialect: { maxParams: options.maxParams, supportsReturning: () => options.returning },
    driver: { name: "fake", capabilities: { returning: options.returning, interactiveTransactions: true } },
  };
  return { engine: engine as unknown as sa.Engine, sent };
}

function model() {
  const Base = declarativeBase();
  class Thing extends Base.model("things", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
  }) {
    static {
      Base.register(this);
    }
  }
  return Thing;
}

describe("flush batching", () => {
  it("multi-row INSERTs stay under the parameter limit: statements = ceil(rows / batch); keys matched in order", async () => {
    const Thing = model();
    const { engine, sent } = fakeEngine({ maxParams: 10, returning: true });
    const s = new Session(engine);
    const things = Array.from({ length: 25 }, (_, i) => new Thing({ name: `t${i}` }));
    s.addAll(things);
    await s.flush();
    expect(sent).toHaveLength(3);
    expect(sent.map((x) => x.params.length)).toEqual([10, 10, 5]);
    expect(sent[0]!.sql).toMatch(/^INSERT INTO things \(name\) VALUES \(\?\), .* RETURNING things\.id$/);
    expect(things.map((t) => t.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(s.lastFlushStatements).toBe(3);
  });

  it("without RETURNING, one INSERT per row with the last-insert id", async () => {
    const Thing = model();
    const { engine, sent } = fakeEngine({ maxParams: 10, returning: false });
    const s = new Session(engine);
    const things = [new Thing({ name: "a" }), new Thing({ name: "b" })];
    s.addAll(things);
    await s.flush();
    expect(sent.map((x) => x.sql)).toEqual(["INSERT INTO things (name) VALUES (?)", "INSERT INTO things (name) VALUES (?)"]);
    expect(things.map((t) => t.id)).toEqual([1, 2]);
  });

  it("rows with explicit keys need no RETURNING and batch in one statement", async () => {
    const Thing = model();
    const { engine, sent } = fakeEngine({ maxParams: 100, returning: false });
    const s = new Session(engine);
    s.addAll([new Thing({ id: 7, name: "a" }), new Thing({ id: 8, name: "b" })]);
    await s.flush();
    expect(sent.map((x) => x.sql)).toEqual(["INSERT INTO things (id, name) VALUES (?, ?), (?, ?)"]);
  });

  it("a foreign key set directly is kept when the (unassigned) relationship was only read", async () => {
    const Base = declarativeBase();
    class P extends Base.model("p", { id: mappedColumn(sa.Integer, { primaryKey: true }) }) {
      static {
        Base.register(this);
      }
    }
    class C extends Base.model("c", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      pId: mappedColumn(sa.Integer, { foreignKey: "p.id", nullable: true }),
      parent: relationship<P | null>("P"),
    }) {
      static {
        Base.register(this);
      }
    }
    void P;
    const { engine, sent } = fakeEngine({ maxParams: 100, returning: false });
    const s = new Session(engine);
    const c = new C({ id: 1, pId: 5 });
    expect(c.parent).toBeNull();
    s.add(c);
    await s.flush();
    expect(sent[0]!.params).toEqual([1, 5]);
  });

  it("10,000 new objects go out in one statement under SQLite's limit", async () => {
    const Thing = model();
    const { engine, sent } = fakeEngine({ maxParams: 32766, returning: true });
    const s = new Session(engine);
    s.addAll(Array.from({ length: 10_000 }, (_, i) => new Thing({ name: `t${i}` })));
    await s.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toHaveLength(10_000);
  });

  it("a flush with nothing dirty sends nothing and does not scan the identity map", async () => {
    const Thing = model();
    const { engine, sent } = fakeEngine({ maxParams: 100, returning: true });
    const s = new Session(engine);
    s.addAll(Array.from({ length: 1000 }, (_, i) => new Thing({ name: `t${i}` })));
    await s.flush();
    sent.length = 0;
    await s.flush();
    expect(sent).toHaveLength(0);
  });
});
