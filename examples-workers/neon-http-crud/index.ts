/**
 * Core CRUD over Neon's HTTP driver (every statement one HTTPS request; no interactive transactions).
 *
 *   POST   /init        creates the `notes` table (one atomic batch)
 *   GET    /notes       lists notes
 *   POST   /notes       `{ "body": "..." }` → the new note (INSERT ... RETURNING)
 *   PATCH  /notes/:id   `{ "body": "..." }` → the changed note, 404 when absent
 *   DELETE /notes/:id   204, 404 when absent
 *
 * `NEON_FETCH_ENDPOINT` (optional) sends the SQL-over-HTTP requests to a local endpoint in development.
 */
import * as sa from "alkahest";
import { neonHttp } from "alkahest/adapters/neon-http";

export interface Env {
  DATABASE_URL: string;
  NEON_FETCH_ENDPOINT?: string;
}

const metadata = new sa.MetaData();
export const notes = new sa.Table("notes", metadata,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("body", sa.Text, { nullable: false }),
);

let engine: sa.Engine | undefined;
/** A module-scope engine: neon-http keeps no socket, so nothing outlives a request (NullPool). */
function engineFor(env: Env): sa.Engine {
  return (engine ??= sa.createEngine({
    driver: neonHttp({ connectionString: env.DATABASE_URL, ...(env.NEON_FETCH_ENDPOINT ? { fetchEndpoint: env.NEON_FETCH_ENDPOINT } : {}) }),
  }));
}

const cols = [notes.c.id, notes.c.body] as const;
const noteJson = ([id, body]: readonly [number, string]) => ({ id, body });

async function readBody(request: Request): Promise<string | null> {
  const body = ((await request.json().catch(() => ({}))) as { body?: unknown }).body;
  return typeof body === "string" ? body : null;
}

async function route(request: Request, e: sa.Engine): Promise<Response> {
  const { pathname } = new URL(request.url);
  const m = /^\/notes\/(\d+)$/.exec(pathname);
  const id = m ? Number(m[1]) : null;
  if (pathname === "/init" && request.method === "POST") {
    await metadata.createAll(e);
    return Response.json({ ok: true });
  }
  return e.connect(async (conn) => {
    if (pathname === "/notes" && request.method === "GET") {
      const rows = (await conn.execute(sa.select(...cols).orderBy(notes.c.id))).all();
      return Response.json(rows.map(noteJson));
    }
    if (pathname === "/notes" && request.method === "POST") {
      const body = await readBody(request);
      if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
      const row = (await conn.execute(sa.insert(notes).values({ body }).returning(...cols))).one();
      return Response.json(noteJson(row), { status: 201 });
    }
    if (id !== null && request.method === "PATCH") {
      const body = await readBody(request);
      if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
      const row = (await conn.execute(sa.update(notes).where(notes.c.id.eq(id)).values({ body }).returning(...cols))).oneOrNone();
      return row ? Response.json(noteJson(row)) : Response.json({ error: "not found" }, { status: 404 });
    }
    if (id !== null && request.method === "DELETE") {
      const result = await conn.execute(sa.delete_(notes).where(notes.c.id.eq(id)));
      return result.rowcount === 0 ? Response.json({ error: "not found" }, { status: 404 }) : new Response(null, { status: 204 });
    }
    return Response.json({ error: "not found" }, { status: 404 });
  });
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
