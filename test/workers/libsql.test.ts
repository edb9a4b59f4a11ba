/**
 * examples-workers/libsql inside workerd (`@libsql/client/web`), through the local Hrana endpoint
 * to a SQLite file: requests in, JSON out, database state checked, HTTP requests counted (a Session
 * commit is one batch request). E01/E02: a module-scope engine serves sequential and concurrent
 * requests, and no Hrana stream is left open after them.
 */
import Database from "libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHranaEndpoint, type HranaEndpoint } from "../support/endpoints/hrana.js";
import { startWorker, type RunningWorker } from "./support/worker.js";

describe("Worker example: libSQL with models and one-request commits (in workerd)", () => {
  let endpoint: HranaEndpoint;
  let worker: RunningWorker;
  const titles = () => {
    const db = new Database(endpoint.path, { readonly: true });
    try {
      return (db.prepare("SELECT title FROM posts ORDER BY id").all() as { title: string }[]).map((r) => r.title);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    endpoint = await startHranaEndpoint();
    worker = await startWorker("libsql", "esm", { bindings: { LIBSQL_URL: endpoint.url } });
    expect(await worker.request("POST", "/init")).toEqual({ status: 200, json: { ok: true } });
  });
  afterAll(async () => {
    await worker?.stop();
    await endpoint?.stop();
  });

  it("creates a user with two posts in ONE request", async () => {
    endpoint.stats.reset();
    const a = await worker.request("POST", "/users", { username: "alice", titles: ["a1", "a2"] });
    expect(a).toEqual({ status: 201, json: { id: 1, username: "alice", posts: [{ id: 1, title: "a1" }, { id: 2, title: "a2" }] } });
    expect(endpoint.stats.requests).toBe(1);
    expect(titles()).toEqual(["a1", "a2"]);
  });

  it("reads a user with posts, changes one, adds one, commits: 2 requests", async () => {
    endpoint.stats.reset();
    const r = await worker.request("PATCH", "/users/1", { rename: { postId: 2, title: "a2 (edited)" }, addTitle: "a3" });
    expect(r).toEqual({ status: 200, json: { id: 1, username: "alice", posts: [{ id: 1, title: "a1" }, { id: 2, title: "a2 (edited)" }, { id: 3, title: "a3" }] } });
    expect(endpoint.stats.requests).toBe(2);
    expect(titles()).toEqual(["a1", "a2 (edited)", "a3"]);
    expect((await worker.request("PATCH", "/users/9", { addTitle: "x" })).status).toBe(404);
  });

  it("writes nothing when a statement of the commit fails", async () => {
    const dup = await worker.request("POST", "/users", { username: "alice", titles: ["never"] });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toBe("IntegrityError");
    expect(titles()).toEqual(["a1", "a2 (edited)", "a3"]);
  });

  it("serves sequential and concurrent requests from a module-scope engine; no stream is left open (E01, E02)", async () => {
    for (let i = 0; i < 3; i++) expect((await worker.request("POST", "/users", { username: `s${i}`, titles: [`s${i}`] })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => worker.request("POST", "/users", { username: `c${i}`, titles: [`c${i}a`, `c${i}b`] })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const list = await worker.request("GET", "/users");
    expect(list.json.length).toBe(9);
    // every post points at its own user, keys reserved under concurrency included
    for (const u of list.json as { username: string; posts: { title: string }[] }[]) {
      if (u.username.startsWith("c")) expect(u.posts.map((p) => p.title)).toEqual([`${u.username}a`, `${u.username}b`]);
    }
    expect(endpoint.openStreams()).toBe(0);
  });
});
