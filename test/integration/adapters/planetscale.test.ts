/** The PlanetScale adapter through the driver contract, against the local PlanetScale HTTP API in front of the harness's MariaDB. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planetscale } from "../../../adapters/planetscale/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startPlanetscaleEndpoint, type PlanetscaleEndpoint } from "../../support/endpoints/planetscale-http.js";

const db = providedDatabase("mariadb");
const url = "url" in db ? db.url : "";
const T = "adapter_ps_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe.skipIf("skip" in db)(`planetscale adapter${"skip" in db ? ` (skipped: ${db.skip})` : ""}`, () => {
  let endpoint: PlanetscaleEndpoint;
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

  beforeAll(async () => {
    endpoint = await startPlanetscaleEndpoint(url, { idleMs: 2_000 });
    driver = planetscale({ url: endpoint.url });
    conn = await driver.connect();
    await run(`DROP TABLE IF EXISTS ${T}`);
    await run(`CREATE TABLE ${T} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE, big BIGINT, price DECIMAL(10,2), data VARBINARY(50), at DATETIME(3))`);
  });
  afterAll(async () => {
    await run(`DROP TABLE IF EXISTS ${T}`).catch(() => undefined);
    await conn?.close();
    await endpoint?.stop();
  });

  it("declares its capabilities", () => {
    expect(driver.name).toBe("planetscale");
    expect(driver.capabilities).toMatchObject({
      dialect: "mysql", transport: "http", interactiveTransactions: true, atomicBatch: false,
      returning: false, savepoints: true, cursors: false, sessionConcurrency: 1,
    });
    expect(conn.batch).toBeUndefined();
    expect(conn.begin).toBeUndefined();
  });

  it("round-trips quotes, backslashes and control characters through the client's escaping (C04)", async () => {
    const nasty = [`it's`, `a "q"`, `back\\slash`, `\\'; DROP TABLE x; --`, "nul\0byte", "line\nbreak\r\ttab\x1a", "🎉 é"];
    for (const s of nasty) {
      const r = await run("SELECT ? AS s", s);
      expect(r.rows).toEqual([[s]]);
    }
  });

  it("binds parameters of every JS type and returns values in the mysql2 adapter's forms", async () => {
    const bytes = new Uint8Array([0, 1, 39, 92, 254, 255]);
    const when = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 789));
    const ins = await run(`INSERT INTO ${T} (name, big, price, data, at) VALUES (?, ?, ?, ?, ?)`, "a", 9007199254740993n, "12.50", bytes, when);
    expect(ins).toMatchObject({ rowCount: 1, lastInsertId: 1, columns: [], rows: [] });
    const r = await run(`SELECT id, name, big, price, data, at, ? AS b, ? AS n, ? AS f, ? AS nul FROM ${T} WHERE name = ?`, true, 42, -1.5, null, "a");
    expect(r.columns).toEqual(["id", "name", "big", "price", "data", "at", "b", "n", "f", "nul"]);
    const row = r.rows[0]!;
    expect(row.slice(0, 4)).toEqual([1, "a", "9007199254740993", "12.50"]);
    expect(row[4]).toEqual(bytes);
    expect(row[5]).toBe("2024-02-03 04:05:06.789");
    expect(row.slice(6)).toEqual([1, 42, "-1.5", null]); // a literal -1.5 is DECIMAL in MySQL
    expect(r.columnTypes?.slice(0, 4)).toEqual(["INT32", "VARCHAR", "INT64", "DECIMAL"]);
    await expect(run("SELECT ?", { id: 1 })).rejects.toThrow(TypeError);
  });

  it("classifies SQL errors by errno (HTTP 200 with error) and a bad login as operational", async () => {
    const cases: [() => Promise<unknown>, object][] = [
      [() => run(`INSERT INTO ${T} (name) VALUES (?)`, "a"), { errno: 1062, sqlState: "23000", category: "integrity" }],
      [() => run("SELEC 1"), { errno: 1064, category: "programming" }],
      [() => run("SELECT * FROM adapter_ps_missing"), { errno: 1146, category: "programming" }],
    ];
    for (const [p, expected] of cases) {
      expect(driver.errorInfo(await rejection(p()))).toMatchObject({ ...expected, isDisconnect: false });
    }
    const bad = planetscale({ url: endpoint.url.replace(/:[^:@/]+@/, ":wrong@") });
    const err = await rejection((await bad.connect()).execute({ sql: "SELECT 1", params: [] }));
    expect(bad.errorInfo(err)).toMatchObject({ category: "operational", isDisconnect: false });
  });

  it("keeps one session per connection: START TRANSACTION … COMMIT/ROLLBACK as SQL, invisible to others until commit", async () => {
    const other = await driver.connect();
    await run("START TRANSACTION");
    await run(`INSERT INTO ${T} (name) VALUES (?)`, "pending");
    await run("SAVEPOINT sp1");
    await run(`INSERT INTO ${T} (name) VALUES (?)`, "undone");
    await run("ROLLBACK TO SAVEPOINT sp1");
    expect((await other.execute({ sql: `SELECT count(*) FROM ${T} WHERE name = ?`, params: ["pending"] })).rows).toEqual([[0]]);
    await run("COMMIT");
    expect((await other.execute({ sql: `SELECT name FROM ${T} WHERE name IN (?, ?)`, params: ["pending", "undone"] })).rows).toEqual([["pending"]]);
    await run("START TRANSACTION");
    await run(`INSERT INTO ${T} (name) VALUES (?)`, "rolled back");
    await run("ROLLBACK");
    expect((await other.execute({ sql: `SELECT count(*) FROM ${T} WHERE name = ?`, params: ["rolled back"] })).rows).toEqual([[0]]);
    await other.close();
  });

  it("serialises concurrent requests on one session: none overlap (E10)", async () => {
    const c = await driver.connect();
    await c.execute({ sql: "SELECT 1", params: [] }); // open the session
    endpoint.stats.reset();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => c.execute({ sql: "SELECT ?, SLEEP(0.01)", params: [i] })));
    expect(results.map((r) => r.rows[0]![0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(endpoint.stats).toMatchObject({ requests: 8, overlaps: 0, sessions: 0 });
    await c.close();
  });
});
