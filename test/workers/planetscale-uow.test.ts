/** examples-workers/planetscale-uow inside workerd, through the local PlanetScale HTTP endpoint to MariaDB. */
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providedDatabase } from "../support/db/provided.js";
import { startPlanetscaleEndpoint, type PlanetscaleEndpoint } from "../support/endpoints/planetscale-http.js";
import { startWorker, type RunningWorker } from "./support/worker.js";

const db = providedDatabase("mariadb");
const url = "url" in db ? db.url : "";

describe.skipIf("skip" in db)("Worker example: PlanetScale unit of work (in workerd)", () => {
  let endpoint: PlanetscaleEndpoint;
  let worker: RunningWorker;
  let admin: mysql.Connection;
  const dropAll = () => admin.query("DROP TABLE IF EXISTS posts, users");
  const titles = async () => ((await admin.query("SELECT title FROM posts ORDER BY id"))[0] as { title: string }[]).map((r) => r.title);

  beforeAll(async () => {
    admin = await mysql.createConnection(url);
    await dropAll();
    endpoint = await startPlanetscaleEndpoint(url, { idleMs: 2_000 });
    worker = await startWorker("planetscale-uow", "esm", { bindings: { DATABASE_URL: endpoint.url } });
    expect(await worker.request("POST", "/init")).toEqual({ status: 200, json: { ok: true } });
  });
  afterAll(async () => {
    await worker?.stop();
    await endpoint?.stop();
    await dropAll().catch(() => undefined);
    await admin?.end();
  });

  it("commits a user with its posts as one unit of work and changes it in another", async () => {
    const created = await worker.request("POST", "/users", { username: "alice", titles: ["one", "two"] });
    expect(created).toEqual({ status: 201, json: { id: 1 } });
    const changed = await worker.request("PATCH", "/users/1", { username: "alicia", addTitle: "three" });
    expect(changed).toEqual({ status: 200, json: { id: 1, username: "alicia", posts: ["one", "two", "three"] } });
    expect(await worker.request("GET", "/users")).toEqual({ status: 200, json: [{ id: 1, username: "alicia", posts: ["one", "two", "three"] }] });
    expect(await titles()).toEqual(["one", "two", "three"]);
    expect(endpoint.stats.overlaps).toBe(0);
  });

  it("rolls the whole unit of work back when one of its statements fails", async () => {
    const dup = await worker.request("POST", "/users", { username: "alicia", titles: ["never"] });
    expect(dup.status).toBe(409);
    expect(await titles()).toEqual(["one", "two", "three"]);
    const [rows] = await admin.query("SELECT count(*) AS n FROM users");
    expect((rows as { n: number }[])[0]!.n).toBe(1);
  });
});
