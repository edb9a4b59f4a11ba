/** The neon-http adapter through the driver contract, against the local Neon SQL-over-HTTP endpoint in front of the harness's PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neonHttp } from "../../../adapters/neon-http/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { createEngine, text } from "../../../src/index.js";
import { OperationalError } from "../../../src/errors.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startNeonHttpEndpoint, type NeonHttpEndpoint } from "../../support/endpoints/neon-http.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "";
const T = "adapter_neon_http_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe.skipIf("skip" in db)(`neon-http adapter${"skip" in db ? ` (skipped: ${db.skip})` : ""}`, () => {
  let endpoint: NeonHttpEndpoint;
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

  beforeAll(async () => {
    endpoint = await startNeonHttpEndpoint(url);
    driver = neonHttp({ connectionString: url, fetchEndpoint: endpoint.url });
    conn = await driver.connect();
    await run(`DROP TABLE IF EXISTS ${T}`);
    await run(`CREATE TABLE ${T} (id serial PRIMARY KEY, name text UNIQUE NOT NULL)`);
  });
  afterAll(async () => {
    await run(`DROP TABLE IF EXISTS ${T}`).catch(() => undefined);
    await conn?.close();
    await endpoint?.stop();
  });

  it("declares its capabilities", () => {
    expect(driver.name).toBe("neon-http");
    expect(driver.capabilities).toMatchObject({
      dialect: "postgresql", transport: "http", interactiveTransactions: false, atomicBatch: true,
      returning: true, savepoints: false, cursors: false,
    });
    expect(typeof conn.batch).toBe("function");
    expect(conn.begin).toBeUndefined();
  });

  it("binds parameters of every JS type and returns rows as arrays, one request per statement", async () => {
    endpoint.stats.reset();
    const text = `it's a "quote" \\ back\\slash 🎉`;
    const bytes = new Uint8Array([0, 1, 39, 92, 254, 255]);
    const when = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 789));
    const r = await run(
      "SELECT $1::text AS s, $2::int AS n, $3::float8 AS neg, $4::int8 AS big, $5::text AS nul, $6::bool AS b, $7::bytea AS bin, $8::timestamptz AS ts, $9::int8 AS bi, $10::jsonb AS j, $11::int[] AS arr",
      text, 42, -1.5, "9007199254740993", null, true, bytes, when, 9007199254740993n, '{"a":[1,"x"]}', [1, 2, 3],
    );
    expect(endpoint.stats.requests).toBe(1);
    expect(r.columns).toEqual(["s", "n", "neg", "big", "nul", "b", "bin", "ts", "bi", "j", "arr"]);
    const row = r.rows[0]!;
    expect(row.slice(0, 6)).toEqual([text, 42, -1.5, "9007199254740993", null, true]);
    expect(row[6]).toBeInstanceOf(Uint8Array);
    expect(new Uint8Array(row[6] as Uint8Array)).toEqual(bytes);
    expect(String(row[7])).toMatch(/^2024-02-03 04:05:06\.789\+00/);
    expect(row.slice(8)).toEqual(["9007199254740993", '{"a": [1, "x"]}', [1, 2, 3]]);
    expect(r.columnTypes).toEqual([25, 23, 701, 20, 25, 16, 17, 1184, 20, 3802, 1007]);
  });

  it("reports rowCount for DML and RETURNING rows", async () => {
    const ins = await run(`INSERT INTO ${T} (name) VALUES ($1), ($2)`, "a", "b");
    expect(ins).toMatchObject({ rowCount: 2, columns: [], rows: [], lastInsertId: null });
    const ret = await run(`UPDATE ${T} SET name = name || '!' WHERE name = $1 RETURNING id, name`, "a");
    expect(ret.rows).toEqual([[1, "a!"]]);
    expect(ret.rowCount).toBe(1);
  });

  it("classifies server errors by SQLSTATE, never as disconnects", async () => {
    const cases: [() => Promise<unknown>, object][] = [
      [() => run(`INSERT INTO ${T} (name) VALUES ($1)`, "b"), { code: "23505", sqlState: "23505", category: "integrity" }],
      [() => run(`INSERT INTO ${T} (name) VALUES ($1)`, null), { code: "23502", category: "integrity" }],
      [() => run("SELEC 1"), { code: "42601", category: "programming" }],
      [() => run("SELECT 1; SELECT 2"), { code: "42601", category: "programming" }],
      [() => run("SELECT 1/0"), { code: "22012", category: "data" }],
    ];
    for (const [p, expected] of cases) {
      expect(driver.errorInfo(await rejection(p()))).toMatchObject({ ...expected, isDisconnect: false });
    }
  });

  it("batch(): one request, one transaction; a failure rolls everything back", async () => {
    endpoint.stats.reset();
    const ok = await conn.batch!([
      { sql: `INSERT INTO ${T} (name) VALUES ($1) RETURNING id`, params: ["c"] },
      { sql: `SELECT count(*)::int FROM ${T}`, params: [] },
    ]);
    expect(endpoint.stats.requests).toBe(1);
    expect(typeof ok[0]!.rows[0]![0]).toBe("number");
    expect(ok[1]!.rows).toEqual([[3]]);
    const err = await rejection(conn.batch!([
      { sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["d"] },
      { sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["c"] },
    ]));
    expect(endpoint.stats.requests).toBe(2);
    expect(driver.errorInfo(err)).toMatchObject({ code: "23505", category: "integrity", isDisconnect: false });
    expect((await run(`SELECT count(*)::int FROM ${T} WHERE name = $1`, "d")).rows).toEqual([[0]]);
  });

  it("passes batch isolation and read-only options through (E08)", async () => {
    const ro = neonHttp({ connectionString: url, fetchEndpoint: endpoint.url, readOnly: true, isolationLevel: "Serializable" });
    const c = await ro.connect();
    const r = await c.batch!([{ sql: "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')", params: [] }]);
    expect(r[0]!.rows).toEqual([["serializable", "on"]]);
    const err = await rejection(c.batch!([{ sql: `INSERT INTO ${T} (name) VALUES ($1)`, params: ["ro"] }]));
    expect(ro.errorInfo(err)).toMatchObject({ code: "25006", isDisconnect: false });
  });

  it("marks transport failures as operational with an unknown outcome, not a disconnect (E16)", async () => {
    const dead = neonHttp({ connectionString: url.replace(/@[^/]+/, "@127.0.0.9:5999"), fetchEndpoint: "http://127.0.0.1:9/sql" });
    const c = await dead.connect();
    const err = await rejection(c.execute({ sql: "UPDATE t SET x = 1", params: [] }));
    expect(dead.errorInfo(err)).toMatchObject({ category: "operational", isDisconnect: false, outcomeUnknown: true });
    const aborted = neonHttp({ connectionString: url, fetchEndpoint: endpoint.url, fetchOptions: { signal: AbortSignal.abort() } });
    const err2 = await rejection((await aborted.connect()).execute({ sql: "SELECT 1", params: [] }));
    expect(aborted.errorInfo(err2)).toMatchObject({ category: "operational", outcomeUnknown: true });
  });

  it("E16: an autocommit UPDATE aborted mid-request raises an OperationalError with outcomeUnknown, sent once, not retried", async () => {
    await run(`INSERT INTO ${T} (name) VALUES ($1)`, "e16");
    const engine = createEngine({
      driver: neonHttp({ connectionString: url, fetchEndpoint: endpoint.url, fetchOptions: { signal: AbortSignal.timeout(100) } }),
    });
    const before = endpoint.stats.requests;
    const err = await rejection(
      engine.connect((c) => c.execute(text(`UPDATE ${T} SET name = 'e16-done' WHERE name = 'e16' AND pg_sleep(0.4) IS NOT NULL`))),
    );
    expect(err).toBeInstanceOf(OperationalError);
    expect(err).toMatchObject({ outcomeUnknown: true, connectionInvalidated: false });
    expect(String((err as Error).message)).toMatch(/outcome unknown: .*may or may not have been applied; it was not retried/);
    await new Promise((r) => setTimeout(r, 600));
    expect(endpoint.stats.requests - before).toBe(1); // not retried
    // the server did apply it: exactly why the outcome is "unknown" rather than "failed"
    expect((await run(`SELECT name FROM ${T} WHERE name LIKE 'e16%'`)).rows).toEqual([["e16-done"]]);
    await engine.dispose();
  });

  it("pings; close() frees nothing and later calls are refused", async () => {
    const c = await driver.connect();
    await c.ping();
    await c.close();
    await c.close();
    await expect(c.execute({ sql: "SELECT 1", params: [] })).rejects.toThrow(/closed/);
  });
});
