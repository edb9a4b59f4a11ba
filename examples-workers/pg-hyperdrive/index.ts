/**
 * node-postgres through Cloudflare Hyperdrive (`cloudflare:sockets` under the hood).
 *
 *   POST /init         creates the `visits` table
 *   POST /visits       `{ "path": "..." }`: inserts in an interactive transaction, returns the row
 *   GET  /visits       the visits, with the backend pid that served this request
 *   GET  /parallel     10 statements at once; at most 6 sockets open (E03)
 *
 * The engine lives at module scope, but in Workers it gets a NullPool: every request opens its own
 * socket and closes it before the response is returned, so no socket is reused across requests
 * ("Cannot perform I/O on behalf of a different request") and none is left open after one.
 */
import * as sa from "alkahest";
import { pg } from "alkahest/adapters/pg";
import { NullPool } from "alkahest/pool";

export interface Env {
  HYPERDRIVE: { connectionString: string };
}

const metadata = new sa.MetaData();
export const visits = new sa.Table("visits", metadata,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("path", sa.String(200), { nullable: false }),
);

/** The `application_name` this Worker's sessions carry (seen in `pg_stat_activity`). */
export const APPLICATION_NAME = "alkahest-hyperdrive-example";

let engine: sa.Engine | undefined;
const engineFor = (env: Env): sa.Engine =>
  (engine ??= sa.createEngine({ driver: pg({ connectionString: env.HYPERDRIVE.connectionString, application_name: APPLICATION_NAME }) }));

async function route(request: Request, e: sa.Engine): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === "/init" && request.method === "POST") {
    await metadata.createAll(e);
    return Response.json({ ok: true, nullPool: e.pool instanceof NullPool });
  }
  if (pathname === "/visits" && request.method === "POST") {
    const { path } = (await request.json().catch(() => ({}))) as { path?: unknown };
    if (typeof path !== "string") return Response.json({ error: "path (string) is required" }, { status: 400 });
    const row = await e.begin(async (conn) => (await conn.execute(sa.insert(visits).values({ path }).returning(visits.c.id, visits.c.path))).one());
    return Response.json({ id: row.id, path: row.path }, { status: 201 });
  }
  if (pathname === "/parallel" && request.method === "GET") {
    // 10 statements at once: the engine opens at most 6 sockets (Workers' limit per request) and
    // queues the rest; each statement reports how many of this Worker's sessions it saw open
    const seen = await Promise.all(
      Array.from({ length: 10 }, () =>
        e.connect(async (conn) => {
          const open = sa.text("SELECT count(*)::int AS n, pg_sleep(0.05)::text AS s FROM pg_stat_activity WHERE application_name = :app");
          return (await conn.execute(open, { app: APPLICATION_NAME })).one().n as number;
        }),
      ),
    );
    return Response.json({ statements: seen.length, maxOpen: Math.max(...seen) });
  }
  if (pathname === "/visits" && request.method === "GET") {
    return e.connect(async (conn) => {
      const pid = (await conn.execute(sa.select(sa.func.pg_backend_pid()))).scalarOne();
      const rows = (await conn.execute(sa.select(visits.c.id, visits.c.path).orderBy(visits.c.id))).all();
      return Response.json({ pid, visits: rows.map((r) => ({ id: r.id, path: r.path })) });
    });
  }
  return Response.json({ error: "not found" }, { status: 404 });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await route(request, engineFor(env));
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
