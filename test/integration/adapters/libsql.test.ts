/** The libsql adapter on temp SQLite files and `:memory:`, driven directly through the driver contract. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { libsql } from "../../../adapters/libsql/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { tempSqliteFile, type TempSqlite } from "../../support/db/sqlite.js";

const T = "adapter_libsql_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("libsql adapter (file:)", () => {
  let file: TempSqlite;
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

  beforeAll(async () => {
    file = await tempSqliteFile("adapter.db");
    driver = libsql(file.url);
    conn = await driver.connect();
    await run(`CREATE TABLE ${T} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER CHECK (qty >= 0), big INTEGER, data BLOB)`);
  });
  afterAll(async () => {
    await conn?.close();
    await file?.remove();
  });

  it("declares its capabilities per URL", () => {
    expect(driver.capabilities).toMatchObject({
      dialect: "sqlite", transport: "embedded", interactiveTransactions: true, atomicBatch: true,
      returning: true, savepoints: true, cursors: false,
    });
    expect(driver.capabilities.memory).toBeUndefined();
    expect(libsql(":memory:").capabilities).toMatchObject({ transport: "embedded", memory: true });
    expect(libsql("http://127.0.0.1:8080").capabilities.transport).toBe("http");
    expect(libsql("ws://127.0.0.1:8080").capabilities.transport).toBe("websocket");
    expect(typeof conn.batch).toBe("function");
    expect(typeof conn.begin).toBe("function");
  });

  it("binds parameters of every JS type and returns rows as arrays", async () => {
    const text = `it's a "quote" \\ back\\slash 🎉`;
    const bytes = new Uint8Array([0, 1, 39, 92, 254, 255]);
    const r = await run("SELECT ? AS s, ? AS n, ? AS neg, ? AS big, ? AS nul, ? AS b, ? AS bin, ? AS ts, ? AS bi",
      text, 42, -1.5, "9007199254740993", null, 1, bytes, "2024-02-03 04:05:06.789", 123n);
    expect(r.columns).toEqual(["s", "n", "neg", "big", "nul", "b", "bin", "ts", "bi"]);
    const row = r.rows[0]!;
    expect(Array.isArray(row)).toBe(true);
    expect(row.slice(0, 6)).toEqual([text, 42, -1.5, "9007199254740993", null, 1]);
    expect(row[6]).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(row[6] as ArrayBuffer)).toEqual(bytes);
    expect(row.slice(7)).toEqual(["2024-02-03 04:05:06.789", 123]);
    expect(r.rowCount).toBe(1);
    expect(r.lastInsertId).toBeNull();
  });

  it("reports rowsAffected and lastInsertRowid; RETURNING rows count", async () => {
    const one = await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "a", 1);
    expect(one).toMatchObject({ rowCount: 1, lastInsertId: 1, columns: [], rows: [] });
    const two = await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?), (?, ?)`, "b", 2, "c", 3);
    expect(two).toMatchObject({ rowCount: 2, lastInsertId: 3 });
    const ret = await run(`UPDATE ${T} SET qty = qty + 1 WHERE qty >= ? RETURNING id`, 2);
    expect(ret.rows).toEqual([[2], [3]]);
    expect(ret.rowCount).toBe(2);
  });

  it("round-trips bigint within ±2^53 in intMode number, and beyond it in intMode bigint", async () => {
    await run(`INSERT INTO ${T} (name, big) VALUES (?, ?)`, "big", 9007199254740993n);
    const err = await rejection(run(`SELECT big FROM ${T} WHERE name = ?`, "big"));
    expect(driver.errorInfo(err)).toMatchObject({ category: "data", isDisconnect: false });
    const wide = libsql({ url: file.url, intMode: "bigint" });
    const c = await wide.connect();
    try {
      expect((await c.execute({ sql: `SELECT big FROM ${T} WHERE name = ?`, params: ["big"] })).rows).toEqual([[9007199254740993n]]);
    } finally {
      await c.close();
    }
    await run(`DELETE FROM ${T} WHERE name = ?`, "big");
  });

  it("classifies constraint, programming and closed-client errors", async () => {
    const cases: [Promise<unknown>, object][] = [
      [run(`INSERT INTO ${T} (name) VALUES (?)`, "a"), { code: "SQLITE_CONSTRAINT_UNIQUE", category: "integrity" }],
      [run(`INSERT INTO ${T} (name) VALUES (?)`, null), { code: "SQLITE_CONSTRAINT_NOTNULL", category: "integrity" }],
      [run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "neg", -1), { code: "SQLITE_CONSTRAINT_CHECK", category: "integrity" }],
      [run(`INSERT INTO ${T} (id, name) VALUES (?, ?)`, 1, "pk"), { code: "SQLITE_CONSTRAINT_PRIMARYKEY", category: "integrity" }],
      [run("SELEC 1"), { code: "SQLITE_ERROR", category: "programming" }],
      [run("SELECT * FROM adapter_libsql_missing"), { code: "SQLITE_ERROR", category: "programming" }],
    ];
    for (const [p, expected] of cases) {
      expect(driver.errorInfo(await rejection(p))).toMatchObject({ ...expected, isDisconnect: false });
    }
    const refused = await rejection(run("SELECT ?", { id: 1 }));
    expect(refused).toBeInstanceOf(TypeError);
  });

  it("runs interactive transactions through begin/commit/rollback, with SQL savepoints inside", async () => {
    await run(`DELETE FROM ${T}`);
    await conn.begin!();
    await run(`INSERT INTO ${T} (name) VALUES (?)`, "kept");
    await run("SAVEPOINT sp1");
    await run(`INSERT INTO ${T} (name) VALUES (?)`, "undone");
    await run("ROLLBACK TO SAVEPOINT sp1");
    await run("RELEASE SAVEPOINT sp1");
    await conn.commit!();
    await conn.begin!();
    await run(`INSERT INTO ${T} (name) VALUES (?)`, "rolled back");
    await conn.rollback!();
    expect((await run(`SELECT name FROM ${T} ORDER BY id`)).rows).toEqual([["kept"]]);
    await expect(conn.commit!()).rejects.toThrow(/without a transaction/);
  });

  it("makes a transaction's writes invisible to another session until commit", async () => {
    const other = await driver.connect();
    try {
      await conn.begin!();
      await run(`INSERT INTO ${T} (name) VALUES (?)`, "pending");
      const before = await other.execute({ sql: `SELECT count(*) FROM ${T} WHERE name = ?`, params: ["pending"] });
      expect(before.rows).toEqual([[0]]);
      await conn.commit!();
      const after = await other.execute({ sql: `SELECT count(*) FROM ${T} WHERE name = ?`, params: ["pending"] });
      expect(after.rows).toEqual([[1]]);
    } finally {
      await other.close();
    }
  });

  it("batch() is atomic: a failing statement rolls back the whole batch and reports its index", async () => {
    await run(`DELETE FROM ${T}`);
    const ok = await conn.batch!([
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
      { sql: `SELECT name FROM ${T}`, params: [] },
    ]);
    expect(ok.map((r) => r.rows)).toEqual([[], [["x"]]]);
    const err = await rejection(conn.batch!([
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["y"] },
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["z"] },
      { sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["x"] },
    ]));
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

  it("pings; close is idempotent (rolling back an open transaction); a closed session is a disconnect", async () => {
    const c = await driver.connect();
    await c.ping();
    await c.begin!();
    await c.execute({ sql: `INSERT INTO ${T} (name) VALUES (?)`, params: ["abandoned"] });
    await c.close();
    await c.close();
    const err = await rejection(c.execute({ sql: "SELECT 1", params: [] }));
    expect(driver.errorInfo(err)).toMatchObject({ code: "CLIENT_CLOSED", isDisconnect: true });
    expect((await run(`SELECT count(*) FROM ${T} WHERE name = ?`, "abandoned")).rows).toEqual([[0]]);
  });
});

describe("libsql adapter (:memory:)", () => {
  it("shares one database between the driver's connections and keeps it across transactions", async () => {
    const driver = libsql(":memory:");
    const a = await driver.connect();
    await a.execute({ sql: "CREATE TABLE adapter_libsql_mem (v INTEGER)", params: [] });
    await a.begin!();
    await a.execute({ sql: "INSERT INTO adapter_libsql_mem VALUES (?)", params: [1] });
    await a.execute({ sql: "SAVEPOINT s", params: [] });
    await a.execute({ sql: "INSERT INTO adapter_libsql_mem VALUES (?)", params: [2] });
    await a.execute({ sql: "ROLLBACK TO SAVEPOINT s", params: [] });
    await a.commit!();
    await a.close();
    const b = await driver.connect();
    expect((await b.execute({ sql: "SELECT v FROM adapter_libsql_mem", params: [] })).rows).toEqual([[1]]);
    await b.close();
    await driver.dispose!();
  });
});
