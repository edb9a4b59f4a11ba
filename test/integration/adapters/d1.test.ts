/** The D1 adapter through the driver contract, on a real D1 binding in workerd (miniflare 4). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { d1 } from "../../../adapters/d1/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { startD1, type LocalD1 } from "../../support/endpoints/d1.js";

const T = "adapter_d1_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("d1 adapter (miniflare)", () => {
  let local: LocalD1;
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

  beforeAll(async () => {
    local = await startD1();
    driver = d1(local.db);
    conn = await driver.connect();
    await run(`CREATE TABLE ${T} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER CHECK (qty >= 0), data BLOB)`);
  });
  afterAll(async () => {
    await conn?.close();
    await local?.stop();
  });

  it("declares its capabilities", () => {
    expect(driver.name).toBe("d1");
    expect(driver.capabilities).toMatchObject({
      dialect: "sqlite", transport: "binding", interactiveTransactions: false, atomicBatch: true,
      returning: true, savepoints: false, cursors: false, maxParams: 100,
    });
    expect(typeof conn.batch).toBe("function");
    expect(conn.begin).toBeUndefined();
  });

  it("binds parameters of every JS type and returns rows as arrays", async () => {
    const text = `it's a "quote" \\ back\\slash 🎉`;
    const bytes = new Uint8Array([0, 1, 39, 92, 254, 255]);
    const when = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 789));
    local.stats.reset();
    const r = await run("SELECT ? AS s, ? AS n, ? AS neg, ? AS nul, ? AS t, ? AS f, ? AS bin, ? AS ts, ? AS bi, ? AS huge, 1 AS s",
      text, 42, -1.5, null, true, false, bytes, when, 123n, 9007199254740993n);
    expect(local.stats.requests).toBe(1);
    expect(r.columns).toEqual(["s", "n", "neg", "nul", "t", "f", "bin", "ts", "bi", "huge", "s"]);
    const row = r.rows[0]!;
    expect(row.slice(0, 6)).toEqual([text, 42, -1.5, null, 1, 0]);
    expect(row[6]).toBeInstanceOf(Uint8Array);
    expect(row[6]).toEqual(bytes);
    expect(row.slice(7)).toEqual(["2024-02-03T04:05:06.789Z", 123, "9007199254740993", 1]);
    await expect(run("SELECT ?", { a: 1 })).rejects.toThrow(TypeError);
  });

  it("reports changes and last_row_id for DML, rows for RETURNING", async () => {
    const one = await run(`INSERT INTO ${T} (name, qty, data) VALUES (?, ?, ?)`, "a", 1, new Uint8Array([7]));
    expect(one).toMatchObject({ rowCount: 1, lastInsertId: 1, columns: [], rows: [] });
    const two = await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?), (?, ?)`, "b", 2, "c", 3);
    expect(two).toMatchObject({ rowCount: 2, lastInsertId: 3 });
    const ret = await run(`UPDATE ${T} SET qty = qty + 1 WHERE qty >= ? RETURNING id, qty`, 2);
    expect(ret.rows).toEqual([[2, 3], [3, 4]]);
    expect(ret.rowCount).toBe(2);
    expect((await run(`SELECT data FROM ${T} WHERE id = ?`, 1)).rows).toEqual([[new Uint8Array([7])]]);
    expect(await run(`SELECT * FROM ${T} WHERE id = ?`, 99)).toMatchObject({ columns: ["id", "name", "qty", "data"], rows: [] });
  });

  it("classifies errors from D1's messages; BEGIN is refused by D1 itself", async () => {
    const cases: [() => Promise<unknown>, object][] = [
      [() => run(`INSERT INTO ${T} (name) VALUES (?)`, "a"), { code: "SQLITE_CONSTRAINT_UNIQUE", category: "integrity" }],
      [() => run(`INSERT INTO ${T} (name) VALUES (?)`, null), { category: "integrity" }],
      [() => run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "neg", -1), { category: "integrity" }],
      [() => run("SELECT * FROM adapter_d1_missing"), { code: "SQLITE_ERROR", category: "programming" }],
      [() => run("BEGIN"), { category: "notSupported" }],
    ];
    for (const [p, expected] of cases) {
      expect(driver.errorInfo(await rejection(p()))).toMatchObject({ ...expected, isDisconnect: false });
    }
  });

  it("batch(): one request, all or nothing", async () => {
    local.stats.reset();
    const ok = await conn.batch!([
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
      { sql: `UPDATE ${T} SET qty = ? WHERE name = ?`, params: [9, "x"] },
      { sql: `SELECT name, qty FROM ${T} WHERE name = ?`, params: ["x"] },
    ]);
    expect(local.stats).toMatchObject({ requests: 1, batches: 1 });
    expect(ok.map((r) => r.rowCount)).toEqual([1, 1, 1]);
    expect(ok[0]!.lastInsertId).toBe(4);
    expect(ok[2]).toMatchObject({ columns: ["name", "qty"], rows: [["x", 9]] });
    const err = await rejection(conn.batch!([
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["y"] },
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
    ]));
    expect(driver.errorInfo(err)).toMatchObject({ code: "SQLITE_CONSTRAINT_UNIQUE", category: "integrity", isDisconnect: false });
    expect(driver.errorInfo(err).statementIndex).toBeUndefined();
    expect((await run(`SELECT count(*) AS n FROM ${T} WHERE name = ?`, "y")).rows).toEqual([[0]]);
  });

  it("pings; close() refuses later calls", async () => {
    const c = await driver.connect();
    await c.ping();
    await c.close();
    await expect(c.execute({ sql: "SELECT 1", params: [] })).rejects.toThrow(/closed/);
  });
});
