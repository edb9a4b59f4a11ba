/** The neon-ws adapter through the driver contract, over the local WebSocket→TCP proxy in front of the harness's PostgreSQL. */
import ws from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neonWs } from "../../../adapters/neon-ws/index.js";
import type { Driver, DriverConnection } from "../../../src/engine/driver.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startNeonWsProxy, type NeonWsProxy } from "../../support/endpoints/neon-ws.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "";
const T = "adapter_neon_ws_items";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe.skipIf("skip" in db)(`neon-ws adapter${"skip" in db ? ` (skipped: ${db.skip})` : ""}`, () => {
  let proxy: NeonWsProxy;
  let driver: Driver;
  let conn: DriverConnection;
  const run = (sql: string, ...params: unknown[]) => conn.execute({ sql, params });

  beforeAll(async () => {
    proxy = await startNeonWsProxy(url);
    driver = neonWs({ connectionString: url, webSocketConstructor: ws, wsProxy: () => proxy.wsProxy, useSecureWebSocket: false, pipelineConnect: false });
    conn = await driver.connect();
    await run(`DROP TABLE IF EXISTS ${T}`);
    await run(`CREATE TABLE ${T} (id serial PRIMARY KEY, name text UNIQUE NOT NULL)`);
  });
  afterAll(async () => {
    await run(`DROP TABLE IF EXISTS ${T}`).catch(() => undefined);
    await conn?.close();
    await proxy?.stop();
  });

  it("declares its capabilities and connects over the WebSocket proxy", () => {
    expect(driver.name).toBe("neon-ws");
    expect(driver.capabilities).toMatchObject({
      dialect: "postgresql", transport: "websocket", interactiveTransactions: true, atomicBatch: false,
      returning: true, savepoints: true, cursors: true,
    });
    expect(proxy.stats.connections).toBeGreaterThanOrEqual(1);
    expect(conn.batch).toBeUndefined();
  });

  it("streams a query through a server-side cursor, page by page, with its parameters", async () => {
    await run("BEGIN");
    try {
      const stream = await conn.stream!({ sql: "SELECT i, $1::text AS tag FROM generate_series(1, 5) AS i ORDER BY i", params: ["t"] }, { batchSize: 2 });
      expect(stream.columns).toEqual(["i", "tag"]);
      const pages: unknown[][][] = [];
      for await (const page of stream) {
        pages.push(page);
        if (pages.length === 1) expect((await run("SELECT count(*)::int FROM pg_cursors WHERE name LIKE 'alkahest_cursor_%'")).rows[0]![0]).toBe(1);
      }
      expect(pages).toEqual([[[1, "t"], [2, "t"]], [[3, "t"], [4, "t"]], [[5, "t"]]]);
      expect((await run("SELECT count(*)::int FROM pg_cursors WHERE name LIKE 'alkahest_cursor_%'")).rows[0]![0]).toBe(0);
    } finally {
      await run("ROLLBACK");
    }
  });

  it("binds parameters of every JS type and returns rows as arrays", async () => {
    const text = `it's a "quote" \\ back\\slash 🎉`;
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const r = await run(
      "SELECT $1::text AS s, $2::int AS n, $3::float8 AS neg, $4::int8 AS big, $5::text AS nul, $6::bool AS b, $7::bytea AS bin, $8::timestamptz AS ts",
      text, 42, -1.5, "9007199254740993", null, true, bytes, new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 789)),
    );
    const row = r.rows[0]!;
    expect(row.slice(0, 6)).toEqual([text, 42, -1.5, "9007199254740993", null, true]);
    expect(new Uint8Array(row[6] as Uint8Array)).toEqual(bytes);
    expect(String(row[7])).toMatch(/^2024-02-03 04:05:06\.789\+00/);
  });

  it("runs interactive transactions and savepoints as SQL", async () => {
    const other = await driver.connect();
    await run("BEGIN");
    await run(`INSERT INTO ${T} (name) VALUES ($1)`, "kept");
    await run("SAVEPOINT sp1");
    await run(`INSERT INTO ${T} (name) VALUES ($1)`, "undone");
    await run("ROLLBACK TO SAVEPOINT sp1");
    expect((await other.execute({ sql: `SELECT count(*)::int FROM ${T}`, params: [] })).rows).toEqual([[0]]);
    await run("COMMIT");
    expect((await other.execute({ sql: `SELECT name FROM ${T}`, params: [] })).rows).toEqual([["kept"]]);
    await other.close();
  });

  it("classifies server errors by SQLSTATE", async () => {
    const err = await rejection(run(`INSERT INTO ${T} (name) VALUES ($1)`, "kept"));
    expect(driver.errorInfo(err)).toMatchObject({ code: "23505", category: "integrity", isDisconnect: false });
  });
});
