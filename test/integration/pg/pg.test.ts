/** The behavioural suites bound to the pg adapter on the harness's PostgreSQL. */
import pgLib from "pg";
import { pg } from "../../../adapters/pg/index.js";
import type { PgConnection } from "../../../adapters/pg/connection.js";
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindAllSuites } from "../suites/all.js";
import { sleep, type AdapterTarget } from "../suites/target.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "postgres://x:x@127.0.0.1:1/x";
const engineURL = url.replace(/^[a-z]+:/, "postgresql+pg:");

async function withRaw<T>(fn: (c: pgLib.Client) => Promise<T>): Promise<T> {
  const c = new pgLib.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const target: AdapterTarget = {
  name: "pg",
  unavailable: "skip" in db ? db.skip : null,
  capabilities: pg(url).capabilities,
  makeEngine: (options = {}) => createEngine(engineURL, options),
  makeDriver: () => pg(url),
  makeUnreachableEngine: (options = {}) => createEngine("postgresql+pg://nobody:pw@127.0.0.1:1/nothing", options),
  async killConnection(dc) {
    const pid = (dc as PgConnection).processId;
    if (pid === null) throw new Error("no backend pid");
    await withRaw(async (c) => {
      await c.query("SELECT pg_terminate_backend($1)", [pid]);
      for (let i = 0; i < 200; i++) {
        const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1", [pid]);
        if (r.rows[0].n === 0) return;
        await sleep(10);
      }
      throw new Error(`backend ${pid} still alive after pg_terminate_backend`);
    });
  },
  sleepSQL: (s) => `SELECT pg_sleep(${s})`,
};

bindAllSuites(target);
