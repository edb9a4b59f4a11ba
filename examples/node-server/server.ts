/**
 * A node:http server with a QueuePool and one Session per request (`scopedSession`).
 *
 *   GET  /counters/:name   the counter's value (0 when absent)
 *   POST /counters/:name   increments it (SELECT ... FOR UPDATE, then UPDATE/INSERT) and returns the value
 *
 * Run: `DATABASE_URL=postgres://... npx tsx --conditions=alkahest-source examples/node-server/server.ts`
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import * as sa from "alkahest";
import { pg } from "alkahest/adapters/pg";
import { declarativeBase, mappedColumn, scopedSession, sessionmaker } from "alkahest/orm";
import { QueuePool } from "alkahest/pool";

export const Base = declarativeBase();
export class Counter extends Base.model("counters", {
  name: mappedColumn(sa.String(50), { primaryKey: true }),
  value: mappedColumn(sa.Integer),
}) {
  static {
    Base.register(this);
  }
}

export interface App {
  readonly server: Server;
  readonly engine: sa.Engine;
  close(): Promise<void>;
}

/** Builds the server (not listening yet) over `databaseUrl` with a bounded QueuePool. */
export function createApp(databaseUrl: string, pool: { poolSize: number; maxOverflow: number } = { poolSize: 5, maxOverflow: 5 }): App {
  const engine = sa.createEngine({ driver: pg(databaseUrl), poolClass: QueuePool, poolTimeout: 30, ...pool });
  const Session = scopedSession(sessionmaker({ bind: engine }));

  async function handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const m = /^\/counters\/([\w-]{1,50})$/.exec(req.url ?? "");
    if (!m) return { status: 404, body: { error: "not found" } };
    const name = m[1]!;
    const session = Session();
    if (req.method === "GET") {
      const c = await session.get(Counter, name);
      return { status: 200, body: { name, value: c?.value ?? 0 } };
    }
    if (req.method === "POST") {
      // ON CONFLICT keeps concurrent first increments of one name from colliding
      await session.execute(sa.text("INSERT INTO counters (name, value) VALUES (:name, 0) ON CONFLICT (name) DO NOTHING"), { name });
      const c = (await session.scalars(sa.select(Counter).where(Counter.name.eq(name)).forUpdate()).one());
      c.value += 1;
      const value = c.value;
      await session.commit();
      return { status: 200, body: { name, value } };
    }
    return { status: 405, body: { error: "method not allowed" } };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    Session.run(() => handle(req)) // the scope's session is closed when the request ends
      .catch((e: Error) => ({ status: 500, body: { error: e.name, message: e.message } }))
      .then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
  });
  return {
    server,
    engine,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.dispose();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const app = createApp(process.env.DATABASE_URL ?? "postgres://localhost/postgres");
  await Base.metadata.createAll(app.engine);
  app.server.listen(Number(process.env.PORT ?? 3000), () => console.log(`listening on :${process.env.PORT ?? 3000}`));
}
