/**
 * CRUD with a Session over Neon's HTTP driver (every request one HTTPS round trip; no interactive
 * transactions). Each `session.commit()` sends its whole flush as ONE atomic batch
 * (`transaction([...])`); reads are one request each.
 *
 *   POST   /init        creates the `notes` table (one atomic batch)
 *   GET    /notes       lists notes                                  (1 request)
 *   POST   /notes       `{ "body": "..." }` → the new note            (commit: 1 request, key via RETURNING)
 *   PATCH  /notes/:id   `{ "body": "..." }` → the changed note, 404   (get: 1, commit: 1)
 *   DELETE /notes/:id   204, 404 when absent                          (get: 1, commit: 1)
 *
 * `session.flush()` is refused here (NotSupportedError): a flush cannot be written before the
 * commit without a transaction. `NEON_FETCH_ENDPOINT` (optional) sends the SQL-over-HTTP requests
 * to a local endpoint in development.
 */
import * as sa from "alkahest";
import { neonHttp } from "alkahest/adapters/neon-http";
import { Session, declarativeBase, mappedColumn } from "alkahest/orm";

export interface Env {
  DATABASE_URL: string;
  NEON_FETCH_ENDPOINT?: string;
}

const Base = declarativeBase();
export class Note extends Base.model("notes", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  body: mappedColumn(sa.Text),
}) {
  static {
    Base.register(this);
  }
}

let engine: sa.Engine | undefined;
/** A module-scope engine: neon-http keeps no socket, so nothing outlives a request (NullPool). */
function engineFor(env: Env): sa.Engine {
  return (engine ??= sa.createEngine({
    driver: neonHttp({ connectionString: env.DATABASE_URL, ...(env.NEON_FETCH_ENDPOINT ? { fetchEndpoint: env.NEON_FETCH_ENDPOINT } : {}) }),
  }));
}

const noteJson = (n: Note) => ({ id: n.id, body: n.body });

async function readBody(request: Request): Promise<string | null> {
  const body = ((await request.json().catch(() => ({}))) as { body?: unknown }).body;
  return typeof body === "string" ? body : null;
}

async function route(request: Request, e: sa.Engine): Promise<Response> {
  const { pathname } = new URL(request.url);
  const m = /^\/notes\/(\d+)$/.exec(pathname);
  const id = m ? Number(m[1]) : null;
  if (pathname === "/init" && request.method === "POST") {
    await Base.metadata.createAll(e);
    return Response.json({ ok: true });
  }
  // expireOnCommit: false keeps the committed values readable for the response without a reload
  await using session = new Session(e, { expireOnCommit: false });
  if (pathname === "/notes" && request.method === "GET") {
    const notes = await session.scalars(sa.select(Note).orderBy(Note.id)).all();
    return Response.json(notes.map(noteJson));
  }
  if (pathname === "/notes" && request.method === "POST") {
    const body = await readBody(request);
    if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
    const note = new Note({ body });
    session.add(note);
    await session.commit(); // one request: INSERT ... RETURNING id
    return Response.json(noteJson(note), { status: 201 });
  }
  if (id !== null && (request.method === "PATCH" || request.method === "DELETE")) {
    const body = request.method === "PATCH" ? await readBody(request) : "";
    if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
    const note = await session.get(Note, id);
    if (!note) return Response.json({ error: "not found" }, { status: 404 });
    if (request.method === "DELETE") session.delete(note);
    else note.body = body;
    await session.commit(); // one request: the UPDATE (or DELETE) in an atomic batch
    return request.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json(noteJson(note));
  }
  return Response.json({ error: "not found" }, { status: 404 });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await route(request, engineFor(env));
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: err.name === "IntegrityError" ? 409 : 500 });
    }
  },
};
