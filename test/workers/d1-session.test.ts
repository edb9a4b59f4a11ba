/** examples-workers/d1-session inside workerd (miniflare), against an in-memory D1 database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "./support/worker.js";

describe("Worker example: D1 with models (in workerd)", () => {
  let worker: RunningWorker;
  const count = async (table: string) => {
    const db = await worker.mf.getD1Database("DB");
    return (await db.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
  };

  beforeAll(async () => {
    worker = await startWorker("d1-session", "esm", { d1Databases: ["DB"] });
    expect(await worker.request("POST", "/init")).toEqual({ status: 200, json: { ok: true } });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("creates a user and its post with a Session commit that is ONE atomic batch, and lists them with their posts", async () => {
    const a = await worker.request("POST", "/users", { username: "alice", title: "hello" });
    expect(a).toEqual({ status: 201, json: { id: 1, postId: 1 } });
    expect((await worker.request("POST", "/users", { username: "bob", title: "hi" })).status).toBe(201);
    const list = await worker.request("GET", "/users");
    expect(list).toEqual({
      status: 200,
      json: [
        { id: 1, username: "alice", posts: [{ id: 1, title: "hello" }] },
        { id: 2, username: "bob", posts: [{ id: 2, title: "hi" }] },
      ],
    });
  });

  it("loads a user, renames a post and adds one, and commits them as one batch", async () => {
    const r = await worker.request("POST", "/users/1/posts", { title: "second", rename: { postId: 1, title: "hello!" } });
    expect(r).toEqual({ status: 201, json: { id: 1, postId: 3 } });
    expect((await worker.request("POST", "/users/9/posts", { title: "x" })).status).toBe(404);
    const list = await worker.request("GET", "/users");
    expect(list.json[0]).toEqual({ id: 1, username: "alice", posts: [{ id: 1, title: "hello!" }, { id: 3, title: "second" }] });
  });

  it("serves sequential and concurrent requests from one isolate; keys reserved in the batch never collide (E01, E02)", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => worker.request("POST", "/users", { username: `c${i}`, title: `c${i}` })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const list = (await worker.request("GET", "/users")).json as { username: string; posts: { title: string }[] }[];
    for (const u of list.filter((x) => x.username.startsWith("c"))) expect(u.posts.map((p) => p.title)).toEqual([u.username]);
    const db = await worker.mf.getD1Database("DB");
    await db.exec("DELETE FROM posts WHERE title LIKE 'c%'");
    await db.exec("DELETE FROM users WHERE username LIKE 'c%'");
  });

  it("writes nothing when one statement of the batch fails", async () => {
    const before = [await count("users"), await count("posts")];
    const dup = await worker.request("POST", "/users", { username: "alice", title: "again" });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toBe("IntegrityError");
    expect([await count("users"), await count("posts")]).toEqual(before);
    // the first statement succeeds and the second fails: the user must not be kept either
    const db = await worker.mf.getD1Database("DB");
    await db.exec("CREATE TRIGGER no_boom BEFORE INSERT ON posts WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;");
    const boom = await worker.request("POST", "/users", { username: "carol", title: "boom" });
    expect(boom.status).toBeGreaterThanOrEqual(400);
    expect([await count("users"), await count("posts")]).toEqual(before);
  });
});
