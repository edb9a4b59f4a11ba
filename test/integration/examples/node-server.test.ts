/**
 * examples/node-server under 200 concurrent requests: never more connections than the QueuePool's
 * bound (poolSize + maxOverflow), none left checked out afterwards, and every increment counted.
 */
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providedDatabase } from "../../support/db/provided.js";
import { Base, createApp, type App } from "../../../examples/node-server/server.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "";
const POOL = { poolSize: 4, maxOverflow: 2 };
const APP = "alkahest-node-server-test";
const appUrl = () => { const u = new URL(url); u.searchParams.set("application_name", APP); return u.toString(); };

describe.skipIf("skip" in db)("Node server example: QueuePool + scopedSession under load", () => {
  let app: App;
  let base: string;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client(url);
    await admin.connect();
    await admin.query("DROP TABLE IF EXISTS counters");
    app = createApp(appUrl(), POOL);
    await Base.metadata.createAll(app.engine);
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await admin?.query("DROP TABLE IF EXISTS counters").catch(() => undefined);
    await admin?.end();
  });

  it("serves 200 concurrent requests within the pool's bound and returns every connection", async () => {
    const pool = app.engine.pool;
    let maxOut = 0;
    const sample = setInterval(() => (maxOut = Math.max(maxOut, pool.checkedout())), 1);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${base}/counters/c${i % 5}`, { method: i % 4 === 3 ? "GET" : "POST" }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    clearInterval(sample);
    for (const r of responses) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(maxOut).toBeLessThanOrEqual(POOL.poolSize + POOL.maxOverflow);
    expect(pool.checkedout()).toBe(0);
    const open = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [APP]);
    expect(open.rows[0].n).toBeLessThanOrEqual(POOL.poolSize + POOL.maxOverflow);
    const rows = (await admin.query("SELECT sum(value)::int AS total FROM counters")).rows;
    expect(rows[0].total).toBe(150); // 150 POSTs, each one increment
  });
});
