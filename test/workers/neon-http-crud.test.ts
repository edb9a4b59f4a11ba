/** examples-workers/neon-http-crud inside workerd, through the local Neon SQL-over-HTTP endpoint to PostgreSQL. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providedDatabase } from "../support/db/provided.js";
import { startNeonHttpEndpoint, type NeonHttpEndpoint } from "../support/endpoints/neon-http.js";
import { startWorker, type RunningWorker } from "./support/worker.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "";

describe.skipIf("skip" in db)("Worker example: neon-http CRUD with a Session (in workerd)", () => {
  let endpoint: NeonHttpEndpoint;
  let worker: RunningWorker;
  let admin: pg.Client;
  const bodies = async () => (await admin.query("SELECT body FROM notes ORDER BY id")).rows.map((r: { body: string }) => r.body);

  beforeAll(async () => {
    admin = new pg.Client(url);
    await admin.connect();
    await admin.query("DROP TABLE IF EXISTS notes");
    endpoint = await startNeonHttpEndpoint(url);
    worker = await startWorker("neon-http-crud", "esm", { bindings: { DATABASE_URL: url, NEON_FETCH_ENDPOINT: endpoint.url } });
    expect(await worker.request("POST", "/init")).toEqual({ status: 200, json: { ok: true } });
  });
  afterAll(async () => {
    await worker?.stop();
    await endpoint?.stop();
    await admin?.query("DROP TABLE IF EXISTS notes").catch(() => undefined);
    await admin?.end();
  });

  it("creates, reads, updates and deletes; each Session commit is ONE request (an atomic batch)", async () => {
    endpoint.stats.reset();
    const a = await worker.request("POST", "/notes", { body: "first" });
    expect(a).toEqual({ status: 201, json: { id: 1, body: "first" } });
    await worker.request("POST", "/notes", { body: "second" });
    expect(endpoint.stats.requests).toBe(2); // one commit each, no prefetch: the key comes back through RETURNING
    expect(endpoint.stats.batches).toBe(2);
    endpoint.stats.reset();
    expect(await worker.request("PATCH", "/notes/1", { body: "changed" })).toEqual({ status: 200, json: { id: 1, body: "changed" } });
    expect(endpoint.stats.requests).toBe(2); // get + commit
    expect((await worker.request("DELETE", "/notes/2")).status).toBe(204);
    expect((await worker.request("DELETE", "/notes/2")).status).toBe(404);
    expect((await worker.request("PATCH", "/notes/9", { body: "x" })).status).toBe(404);
    expect(await worker.request("GET", "/notes")).toEqual({ status: 200, json: [{ id: 1, body: "changed" }] });
    expect(await bodies()).toEqual(["changed"]);
  });

  it("answers requests one after another with a module-scope engine, none left hanging (E01, E02)", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => worker.request("POST", "/notes", { body: `c${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect((await bodies()).length).toBe(6);
  });
});
