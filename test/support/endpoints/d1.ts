/**
 * D1 for tests: a miniflare 4 instance (workerd) with one in-memory D1 database bound as `DB`
 * (driver-protocols.md §4.1). `getD1Database()` returns a proxy usable from Node; every call on it
 * is one request to workerd. The proxy is wrapped to count `prepare().run/all/raw` and `batch`
 * calls, so tests can assert round trips.
 */
import { Miniflare } from "miniflare";
import type { D1Database, D1PreparedStatement } from "../../../adapters/d1/index.js";

export interface LocalD1 {
  readonly db: D1Database;
  /** D1 requests made through {@link db} (statement executions and batches). */
  readonly stats: { requests: number; batches: number; reset(): void };
  readonly mf: Miniflare;
  stop(): Promise<void>;
}

/** Starts miniflare with a D1 database `DB`. */
export async function startD1(): Promise<LocalD1> {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response('ok') } }",
    d1Databases: ["DB"],
    host: "127.0.0.1",
  });
  const raw = (await mf.getD1Database("DB")) as unknown as D1Database;
  const stats = {
    requests: 0,
    batches: 0,
    reset() {
      this.requests = 0;
      this.batches = 0;
    },
  };
  const wrap = (p: D1PreparedStatement): D1PreparedStatement & { inner: D1PreparedStatement } => ({
    inner: p,
    bind: (...v) => wrap(p.bind(...v)),
    run: () => (stats.requests++, p.run()),
    all: () => (stats.requests++, p.all()),
    raw: (o) => (stats.requests++, p.raw(o)),
  });
  const db: D1Database = {
    prepare: (sql) => wrap(raw.prepare(sql)),
    batch: (stmts) => {
      stats.requests++;
      stats.batches++;
      return raw.batch(stmts.map((s) => (s as ReturnType<typeof wrap>).inner));
    },
  };
  return { db, stats, mf, stop: () => mf.dispose() };
}
