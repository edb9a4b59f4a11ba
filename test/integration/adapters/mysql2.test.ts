/** The mysql2 adapter against the harness's MariaDB, driven directly through the driver contract. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql2 } from "../../../adapters/mysql2/index.js";
import type { Mysql2Connection } from "../../../adapters/mysql2/connection.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { providedDatabase } from "../../support/db/provided.js";

const db = providedDatabase("mariadb");
const url = "url" in db ? db.url : "";
const T = "adapter_mysql2_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe.skipIf("skip" in db)(`mysql2 adapter${"skip" in db ? ` (skipped: ${db.skip})` : ""}`, () => {
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

  beforeAll(async () => {
    driver = mysql2(url);
    conn = await driver.connect();
    await run(`DROP TABLE IF EXISTS ${T}`);
    await run(`CREATE TABLE ${T} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE, qty INT CHECK (qty >= 0)) ENGINE=InnoDB`);
  });
  afterAll(async () => {
    await conn?.execute({ sql: `DROP TABLE IF EXISTS ${T}`, params: [] }).catch(() => undefined);
    await conn?.close();
  });

  it("declares its capabilities (dialect mysql unless told mariadb)", () => {
    expect(driver.name).toBe("mysql2");
    expect(driver.capabilities).toMatchObject({
      dialect: "mysql", transport: "tcp", interactiveTransactions: true, atomicBatch: false,
      returning: false, savepoints: true, cursors: false,
    });
    expect(mysql2({ uri: url, dialect: "mariadb" }).capabilities.dialect).toBe("mariadb");
  });

  it("binds parameters of every JS type and returns rows as arrays", async () => {
    const text = `it's a "quote" \\ back\\slash 🎉`;
    const bytes = new Uint8Array([0, 1, 39, 92, 254, 255]);
    const r = await run(
      "SELECT ? AS s, ? AS n, ? AS neg, CAST(? AS SIGNED) AS big, ? AS nul, ? AS b, ? AS bin, CAST(? AS DATETIME(3)) AS ts, ? AS bi",
      text, 42, -1.5, "9007199254740993", null, 1, bytes, "2024-02-03 04:05:06.789", 9007199254740993n,
    );
    expect(r.columns).toEqual(["s", "n", "neg", "big", "nul", "b", "bin", "ts", "bi"]);
    const row = r.rows[0]!;
    expect(row[0]).toBe(text);
    expect(Number(row[1])).toBe(42);
    expect(Number(row[2])).toBe(-1.5);
    expect(row[3]).toBe("9007199254740993");
    expect(row[4]).toBeNull();
    expect(Number(row[5])).toBe(1);
    expect(new Uint8Array(row[6] as Uint8Array)).toEqual(bytes);
    expect(row[7]).toBe("2024-02-03 04:05:06.789");
    expect(String(row[8])).toBe("9007199254740993");
    expect(r.rowCount).toBe(1);
  });

  it("returns dates as text, DECIMAL as strings, BIGINT as a number when exact else a string, JSON as text", async () => {
    const r = await run(
      `SELECT CAST('2024-01-02 03:04:05.123456' AS DATETIME(6)), CAST('2024-01-02' AS DATE), CAST('12:34:56' AS TIME),
              CAST(12.5 AS DECIMAL(10,2)), CAST(9007199254740993 AS SIGNED), JSON_OBJECT('a', 1), 1.5e0, CAST(7 AS SIGNED)`,
    );
    expect(r.rows[0]).toEqual(["2024-01-02 03:04:05.123456", "2024-01-02", "12:34:56", "12.50", "9007199254740993", '{"a": 1}', 1.5, 7]);
  });

  it("sends Date parameters as UTC", async () => {
    const r = await run("SELECT CAST(? AS DATETIME(3))", new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)));
    expect(r.rows[0]![0]).toBe("2024-01-02 03:04:05.006");
  });

  it("reports affectedRows as rowCount and insertId as lastInsertId", async () => {
    const one = await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "a", 1);
    expect(one).toMatchObject({ rowCount: 1, columns: [], rows: [] });
    expect(Number(one.lastInsertId)).toBeGreaterThan(0);
    const two = await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?), (?, ?)`, "b", 2, "c", 3);
    expect(two.rowCount).toBe(2);
    expect(Number(two.lastInsertId)).toBe(Number(one.lastInsertId) + 1); // first id of the multi-row insert
    const upd = await run(`UPDATE ${T} SET qty = qty + 1 WHERE qty >= ?`, 2);
    expect(upd.rowCount).toBe(2);
  });

  it("classifies integrity, programming and data errors; none is a disconnect", async () => {
    await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "dup", 1);
    const cases: [Promise<unknown>, object][] = [
      [run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "dup", 1), { code: "ER_DUP_ENTRY", errno: 1062, category: "integrity" }],
      [run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, null, 1), { errno: 1048, category: "integrity" }],
      [run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "neg", -1), { errno: 4025, category: "integrity" }],
      [run("SELEC 1"), { errno: 1064, category: "programming" }],
      [run("SELECT * FROM adapter_mysql2_missing"), { errno: 1146, category: "programming" }],
      [run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "x".repeat(60), 1), { errno: 1406, category: "data" }],
    ];
    for (const [p, expected] of cases) {
      expect(driver.errorInfo(await rejection(p))).toMatchObject({ ...expected, isDisconnect: false });
    }
    await conn.ping();
  });

  it("refuses non-primitive values before sending (C07) and multiple statements (C12)", async () => {
    for (const bad of [{ id: 1 }, [1, 2], () => 1]) {
      const err = await rejection(run("SELECT ?", bad));
      expect(err).toBeInstanceOf(TypeError);
      expect(driver.errorInfo(err)).toMatchObject({ category: "interface", isDisconnect: false });
    }
    const multi = await rejection(run("SELECT ?; SELECT 2", "1; DROP TABLE t"));
    expect(driver.errorInfo(multi)).toMatchObject({ category: "programming", isDisconnect: false });
    const r = await run("SELECT ?", "1; DROP TABLE t");
    expect(r.rows).toEqual([["1; DROP TABLE t"]]);
  });

  it("runs transactions and savepoints as SQL", async () => {
    await run(`DELETE FROM ${T}`);
    await run("BEGIN");
    await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "kept", 1);
    await run("SAVEPOINT sp1");
    await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "undone", 1);
    await run("ROLLBACK TO SAVEPOINT sp1");
    await run("RELEASE SAVEPOINT sp1");
    await run("COMMIT");
    await run("BEGIN");
    await run(`INSERT INTO ${T} (name, qty) VALUES (?, ?)`, "rolled back", 1);
    await run("ROLLBACK");
    expect((await run(`SELECT name FROM ${T} ORDER BY id`)).rows).toEqual([["kept"]]);
  });

  it("detects KILL: onDisconnect fires and the next execute is a disconnect", async () => {
    const victim = (await driver.connect()) as Mysql2Connection;
    const killer = await driver.connect();
    try {
      const fired = new Promise<unknown>((resolve) => victim.onDisconnect(resolve));
      await killer.execute({ sql: `KILL ${Number(victim.threadId)}`, params: [] });
      const event = await fired;
      expect(driver.errorInfo(event).isDisconnect).toBe(true);
      const err = await rejection(victim.execute({ sql: "SELECT 1", params: [] }));
      expect(driver.errorInfo(err)).toMatchObject({ isDisconnect: true, category: "operational" });
      expect(driver.errorInfo(await rejection(victim.ping())).isDisconnect).toBe(true);
    } finally {
      await victim.close();
      await victim.close();
      await killer.close();
    }
  });

  it("pings, and close is idempotent and harmless", async () => {
    const c = await driver.connect();
    await c.ping();
    let fired = false;
    c.onDisconnect!(() => (fired = true));
    await c.close();
    await c.close();
    expect(fired).toBe(false);
    expect(driver.errorInfo(await rejection(c.execute({ sql: "SELECT 1", params: [] }))).isDisconnect).toBe(true);
  });

  it("reports a refused connection as operational, not a disconnect", async () => {
    const err = await rejection(mysql2({ host: "127.0.0.1", port: 1, user: "x" }).connect());
    expect(driver.errorInfo(err)).toMatchObject({ code: "ECONNREFUSED", category: "operational", isDisconnect: false });
  });

  it("classifies the A14 error table", () => {
    const info = driver.errorInfo;
    expect(info({ code: "PROTOCOL_CONNECTION_LOST", fatal: true, message: "Connection lost" }).isDisconnect).toBe(true);
    for (const errno of [2006, 2013, 4031]) expect(info({ errno, message: "gone" }).isDisconnect).toBe(true);
    expect(info(new Error("Can't add new command when connection is in closed state")).isDisconnect).toBe(true);
    for (const code of ["ECONNRESET", "EPIPE"]) expect(info({ code, message: code }).isDisconnect).toBe(true);
    expect(info({ errno: 1451, code: "ER_ROW_IS_REFERENCED_2", message: "fk" }).category).toBe("integrity");
    expect(info({ errno: 3819, message: "check" }).category).toBe("integrity");
    expect(info({ errno: 1054, message: "col" }).category).toBe("programming");
    expect(info({ errno: 1292, message: "val" }).category).toBe("data");
    expect(info({ errno: 1213, message: "deadlock", sqlState: "40001" })).toMatchObject({ category: "operational", isDisconnect: false });
  });
});
