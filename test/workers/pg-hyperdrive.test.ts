/**
 * examples-workers/pg-hyperdrive inside workerd: node-postgres over `cloudflare:sockets`, routed by
 * miniflare's Hyperdrive binding to the harness's PostgreSQL. Scenarios E01 (a module-scope engine
 * serves sequential and concurrent requests without reusing a socket across requests) and E02 (no
 * socket or promise outlives a request).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providedDatabase } from "../support/db/provided.js";
import { startWorker, type RunningWorker } from "./support/worker.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "";
const APP = "alkahest-hyperdrive-example";

describe.skipIf("skip" in db)("Worker example: pg through Hyperdrive (in workerd)", () => {
  let worker: RunningWorker;
  let admin: pg.Client;
  const openSessions = async () =>
    Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [APP])).rows[0].n);
  /** Sessions close asynchronously on the server side after the client's Terminate: wait briefly. */
  const settledSessions = async () => {
    for (let i = 0; i < 50; i++) {
      const n = await openSessions();
      if (n === 0) return 0;
      await new Promise((r) => setTimeout(r, 20));
    }
    return openSessions();
  };

  beforeAll(async () => {
    admin = new pg.Client(url);
    await admin.connect();
    await admin.query("DROP TABLE IF EXISTS visits");
    // Hyperdrive requires a password in its URL; the harness's server accepts any
    const u = new URL(url);
    if (!u.password) u.password = "unused";
    worker = await startWorker("pg-hyperdrive", "cjs", { hyperdrives: { HYPERDRIVE: u.toString() } });
    const init = await worker.request("POST", "/init");
    expect(init).toEqual({ status: 200, json: { ok: true, nullPool: true } });
  });
  afterAll(async () => {
    await worker?.stop();
    await admin?.query("DROP TABLE IF EXISTS visits").catch(() => undefined);
    await admin?.end();
  });

  it("E01: the module-scope engine serves sequential requests, each on its own socket", async () => {
    const a = await worker.request("POST", "/visits", { path: "/a" });
    expect(a).toEqual({ status: 201, json: { id: 1, path: "/a" } });
    const r1 = await worker.request("GET", "/visits");
    const r2 = await worker.request("GET", "/visits");
    for (const r of [r1, r2]) {
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.visits).toEqual([{ id: 1, path: "/a" }]);
    }
    expect(r1.json.pid).not.toBe(r2.json.pid); // a new backend: no socket reused across requests
    const rows = (await admin.query("SELECT path FROM visits ORDER BY id")).rows;
    expect(rows).toEqual([{ path: "/a" }]);
  });

  it("E01: concurrent requests on the same isolate do not share I/O objects", async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => worker.request("POST", "/visits", { path: `/c${i}` })));
    for (const r of rs) expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(Number((await admin.query("SELECT count(*) AS n FROM visits")).rows[0].n)).toBe(9);
  });

  it("E03: 10 parallel statements in one request never hold more than 6 connections; the rest queue", async () => {
    const r = await worker.request("GET", "/parallel");
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.statements).toBe(10);
    expect(r.json.maxOpen).toBeGreaterThan(1); // they did run in parallel
    expect(r.json.maxOpen).toBeLessThanOrEqual(6);
    expect(await settledSessions()).toBe(0);
  });

  it("E02: every response completes and leaves no session open on the server", async () => {
    const r = await worker.request("GET", "/visits");
    expect(r.status).toBe(200);
    expect(await settledSessions()).toBe(0);
  });
});
