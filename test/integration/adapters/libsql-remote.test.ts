/**
 * The libsql adapter over `http://` and `ws://` against the local Hrana 2 endpoint
 * (`test/support/endpoints/hrana.ts`, the `libsql` package behind it): the driver contract first,
 * then the engine — parameters of every JS type, IntegrityError, interactive transactions through
 * `client.transaction()`, and `engine.batch([...])` as ONE request (counted at the endpoint) that is
 * rolled back as a whole, naming the failing statement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import { startHranaEndpoint, type HranaEndpoint } from "../../support/endpoints/hrana.js";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

let endpoint: HranaEndpoint;
beforeAll(async () => {
  endpoint = await startHranaEndpoint();
});
afterAll(async () => {
  await endpoint?.stop();
});

/** Messages of one round trip: HTTP pipeline requests, or WS messages after the hello. */
const transports = [
  { name: "http", url: () => endpoint.url, transport: "http", trips: () => endpoint.stats.requests },
  { name: "ws", url: () => endpoint.wsUrl, transport: "websocket", trips: () => endpoint.stats.wsMessages },
] as const;

for (const t of transports) {
  describe(`libsql adapter over ${t.name}:// (driver contract)`, () => {
    const T = `remote_items_${t.name}`;
    let driver: Driver;
    let conn: DriverConnection;
    const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

    beforeAll(async () => {
      driver = libsql(t.url());
      conn = await driver.connect();
      await run(`DROP TABLE IF EXISTS ${T}`);
      await run(`CREATE TABLE ${T} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER CHECK (qty >= 0))`);
    });
    afterAll(async () => {
      await conn?.close();
      await driver?.dispose?.();
    });

    it("declares its transport and capabilities", () => {
      expect(driver.capabilities).toMatchObject({
        dialect: "sqlite", transport: t.transport, interactiveTransactions: true, atomicBatch: true,
        returning: true, savepoints: true, cursors: false,
      });
      expect(driver.capabilities.memory).toBeUndefined();
    });

    it("binds parameters of every JS type and returns rows as arrays", async () => {
      const text = `it's a "quote" \\ back\\slash 🎉`;
      const bytes = new Uint8Array([0, 1, 39, 92, 254, 255]);
      const when = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 789));
      const r = await run("SELECT ? AS s, ? AS n, ? AS neg, ? AS nul, ? AS b, ? AS bin, ? AS bi, ? AS d, typeof(?) AS tn",
        text, 42, -1.5, null, true, bytes, 123n, when, 2.0);
      expect(r.columns).toEqual(["s", "n", "neg", "nul", "b", "bin", "bi", "d", "tn"]);
      const row = r.rows[0]!;
      expect(row.slice(0, 5)).toEqual([text, 42, -1.5, null, 1]);
      expect(new Uint8Array(row[5] as ArrayBuffer)).toEqual(bytes);
      expect(row.slice(6)).toEqual([123, when.getTime(), "real"]); // a JS number travels as a Hrana float
      expect(r.rowCount).toBe(1);
    });

    it("reports rowsAffected, lastInsertRowid and RETURNING rows", async () => {
      expect(await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "a", 1)).toMatchObject({ rowCount: 1, lastInsertId: 1, rows: [] });
      expect(await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?), (?, ?)`, "b", 2, "c", 3)).toMatchObject({ rowCount: 2, lastInsertId: 3 });
      const ret = await run(`UPDATE ${T} SET qty = qty + 1 WHERE qty >= ? RETURNING id`, 2);
      expect(ret.rows).toEqual([[2], [3]]);
      expect(ret.rowCount).toBe(2);
    });

    it("classifies server errors (integrity, programming) and never as disconnects", async () => {
      const cases: [Promise<unknown>, object][] = [
        [run(`INSERT INTO ${T} (name) VALUES (?)`, "a"), { code: "SQLITE_CONSTRAINT_UNIQUE", category: "integrity" }],
        [run(`INSERT INTO ${T} (name) VALUES (?)`, null), { code: "SQLITE_CONSTRAINT_NOTNULL", category: "integrity" }],
        [run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "neg", -1), { code: "SQLITE_CONSTRAINT_CHECK", category: "integrity" }],
        [run("SELEC 1"), { code: "SQLITE_ERROR", category: "programming" }],
      ];
      for (const [p, expected] of cases) {
        expect(driver.errorInfo(await rejection(p))).toMatchObject({ ...expected, isDisconnect: false });
      }
    });

    it("runs interactive transactions: isolated until commit, discarded by rollback, savepoints as SQL", async () => {
      const other = await driver.connect();
      try {
        await conn.begin!();
        await run(`INSERT INTO ${T} (name) VALUES (?)`, "pending");
        await run("SAVEPOINT sp1");
        await run(`INSERT INTO ${T} (name) VALUES (?)`, "undone");
        await run("ROLLBACK TO SAVEPOINT sp1");
        await run("RELEASE SAVEPOINT sp1");
        expect((await run(`SELECT count(*) FROM ${T} WHERE name = ?`, "pending")).rows).toEqual([[1]]);
        expect((await other.execute({ sql: `SELECT count(*) FROM ${T} WHERE name = ?`, params: ["pending"] })).rows).toEqual([[0]]);
        await conn.commit!();
        expect((await other.execute({ sql: `SELECT count(*) FROM ${T} WHERE name IN (?, ?)`, params: ["pending", "undone"] })).rows).toEqual([[1]]);
        await conn.begin!();
        await run(`INSERT INTO ${T} (name) VALUES (?)`, "rolled back");
        await conn.rollback!();
        expect((await run(`SELECT count(*) FROM ${T} WHERE name = ?`, "rolled back")).rows).toEqual([[0]]);
      } finally {
        await other.close();
      }
    });

    it("a transaction holds one stream (baton / stream_id) from BEGIN to COMMIT", async () => {
      // the statements once first: over ws the client sends each SQL text once per connection
      // (`store_sql`), so the count below must not depend on which tests ran before this one
      await run(`INSERT INTO ${T} (name) VALUES (?)`, "one-stream");
      await run(`SELECT count(*) FROM ${T}`);
      await run(`DELETE FROM ${T} WHERE name = ?`, "one-stream");
      endpoint.stats.reset();
      const before = t.trips();
      await conn.begin!();
      await run(`INSERT INTO ${T} (name) VALUES (?)`, "one-stream");
      await run(`SELECT count(*) FROM ${T}`);
      await conn.commit!();
      expect(endpoint.stats.streamsOpened).toBe(1);
      // http: BEGIN rides with the first statement, COMMIT with the close; ws: open_stream, BEGIN with
      // the INSERT, the SELECT, COMMIT, close_stream
      expect(t.trips() - before).toBe(t.name === "http" ? 3 : 5);
      await run(`DELETE FROM ${T} WHERE name = ?`, "one-stream");
    });

    it("batch() is one round trip, atomic, and reports the failing statement's index", async () => {
      await run(`DELETE FROM ${T}`);
      let before = t.trips();
      const ok = await conn.batch!([
        { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
        { sql: `SELECT name FROM ${T}`, params: [] },
      ]);
      expect(t.trips() - before).toBe(t.name === "http" ? 1 : 3); // ws: open_stream, batch, close_stream
      expect(ok.map((r) => r.rows)).toEqual([[], [["x"]]]);
      before = t.trips();
      const err = await rejection(conn.batch!([
        { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["y"] },
        { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["z"] },
        { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
      ]));
      if (t.name === "http") expect(t.trips() - before).toBe(1);
      expect(driver.errorInfo(err)).toMatchObject({ statementIndex: 2, category: "integrity", isDisconnect: false });
      expect((await run(`SELECT name FROM ${T} ORDER BY name`)).rows).toEqual([["x"]]);
    });

    it("batch() inside a transaction rolls back only the batch", async () => {
      await conn.begin!();
      await run(`INSERT INTO ${T} (name) VALUES (?)`, "in-tx");
      const err = await rejection(conn.batch!([
        { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["batched"] },
        { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
      ]));
      expect(driver.errorInfo(err).statementIndex).toBe(1);
      await conn.commit!();
      expect((await run(`SELECT name FROM ${T} ORDER BY name`)).rows).toEqual([["in-tx"], ["x"]]);
    });

    it("close() rolls back an open transaction and frees its stream; a closed session is a disconnect", async () => {
      const c = await driver.connect();
      await c.ping();
      await c.begin!();
      await c.execute({ sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["abandoned"] });
      await c.close();
      await c.close();
      // embedded and ws say CLIENT_CLOSED; the HTTP client says UNKNOWN with a hrana ClosedError cause
      expect(driver.errorInfo(await rejection(c.execute({ sql: "SELECT 1", params: [] })))).toMatchObject({ isDisconnect: true, category: "operational" });
      expect((await run(`SELECT count(*) FROM ${T} WHERE name = ?`, "abandoned")).rows).toEqual([[0]]);
    });
  });

  describe(`libsql over ${t.name}:// through the engine`, () => {
    const metadata = new sa.MetaData();
    const users = new sa.Table(`remote_users_${t.name}`, metadata,
      new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
      new sa.Column("name", sa.String(50), { nullable: false, unique: true }),
      new sa.Column("score", sa.Float),
      new sa.Column("active", sa.Boolean),
    );
    let engine: Engine;

    beforeAll(async () => {
      engine = sa.createEngine({ driver: libsql(t.url()) });
      await metadata.dropAll(engine);
      await metadata.createAll(engine);
    });
    afterAll(async () => {
      await engine?.dispose();
    });

    it("executes insert/update/select with typed values", async () => {
      // an engine.connect() block autobegins (libsql has interactive transactions): engine.begin() commits
      await engine.begin(async (conn) => {
        await conn.execute(sa.insert(users).values({ id: 1, name: `o'brien \\ "q"`, score: -1.5, active: true }));
        await conn.execute(sa.update(users).where(users.c.id.eq(1)).values({ score: 2.25 }));
      });
      await engine.connect(async (conn) => {
        const row = (await conn.execute(sa.select(users.c.name, users.c.score, users.c.active).where(users.c.id.eq(1)))).one();
        expect([...row]).toEqual([`o'brien \\ "q"`, 2.25, true]);
      });
    });

    it("maps a unique violation to IntegrityError", async () => {
      const err = await rejection(engine.connect((conn) => conn.execute(sa.insert(users).values({ id: 2, name: `o'brien \\ "q"` }))));
      expect(err).toBeInstanceOf(sa.IntegrityError);
    });

    it("engine.begin() commits, and rolls back on an exception", async () => {
      await engine.begin(async (conn) => {
        await conn.execute(sa.insert(users).values({ id: 3, name: "three" }));
      });
      const boom = new Error("boom");
      const err = await rejection(engine.begin(async (conn) => {
        await conn.execute(sa.insert(users).values({ id: 4, name: "four" }));
        throw boom;
      }));
      expect(err).toBe(boom);
      const ids = await engine.connect(async (conn) => (await conn.execute(sa.select(users.c.id).where(users.c.id.in([3, 4])))).scalars().all());
      expect(ids).toEqual([3]);
    });

    it("engine.batch([...]) is ONE request and reports each statement's result", async () => {
      const before = endpoint.stats.requests;
      const results = await engine.batch([
        sa.insert(users).values({ id: 10, name: "ten", score: 1 }),
        sa.update(users).where(users.c.id.eq(10)).values({ score: 11 }),
        sa.select(users.c.id, users.c.score).where(users.c.id.eq(10)),
      ]);
      if (t.name === "http") expect(endpoint.stats.requests - before).toBe(1);
      expect(results[0]!.rowcount).toBe(1);
      expect(results[1]!.rowcount).toBe(1);
      expect(results[2]!.all().map((r) => [...r])).toEqual([[10, 11]]);
    });

    it("a failing statement rolls back the whole batch; the error names its index", async () => {
      const before = endpoint.stats.requests;
      const err = await rejection(engine.batch([
        sa.insert(users).values({ id: 20, name: "twenty" }),
        sa.insert(users).values({ id: 21, name: "twenty-one" }),
        sa.insert(users).values({ id: 22, name: "ten" }),
      ]));
      if (t.name === "http") expect(endpoint.stats.requests - before).toBe(1);
      expect(err).toBeInstanceOf(sa.IntegrityError);
      expect((err as sa.DBAPIError).statementIndex).toBe(2);
      expect((err as Error).message).toMatch(/statement 2 of 3 failed; the whole batch was rolled back/);
      const n = await engine.connect(async (conn) => (await conn.execute(sa.select(users.c.id).where(users.c.id.in([20, 21, 22])))).all().length);
      expect(n).toBe(0);
    });
  });
}

describe("the Hrana endpoint", () => {
  it("leaves no stream open once the clients are done", async () => {
    await new Promise((r) => setTimeout(r, 50));
    expect(endpoint.openStreams()).toBe(0);
  });
});
