/** neon-http-crud with drizzle-orm (`drizzle-orm/neon-http`). */
import { neon } from "@neondatabase/serverless";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-http";
import { pgTable, serial, text } from "drizzle-orm/pg-core";

export interface Env { DATABASE_URL: string }
const notes = pgTable("notes", { id: serial("id").primaryKey(), body: text("body").notNull() });

async function readBody(request: Request): Promise<string | null> {
  const body = ((await request.json().catch(() => ({}))) as { body?: unknown }).body;
  return typeof body === "string" ? body : null;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = drizzle(neon(env.DATABASE_URL));
    const { pathname } = new URL(request.url);
    const m = /^\/notes\/(\d+)$/.exec(pathname);
    const id = m ? Number(m[1]) : null;
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.execute(sql`CREATE TABLE IF NOT EXISTS notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL)`);
        return Response.json({ ok: true });
      }
      if (pathname === "/notes" && request.method === "GET") return Response.json(await db.select().from(notes).orderBy(notes.id));
      if (pathname === "/notes" && request.method === "POST") {
        const body = await readBody(request);
        if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
        const [row] = await db.insert(notes).values({ body }).returning();
        return Response.json(row, { status: 201 });
      }
      if (id !== null && request.method === "PATCH") {
        const body = await readBody(request);
        if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
        const [row] = await db.update(notes).set({ body }).where(eq(notes.id, id)).returning();
        return row ? Response.json(row) : Response.json({ error: "not found" }, { status: 404 });
      }
      if (id !== null && request.method === "DELETE") {
        const rows = await db.delete(notes).where(eq(notes.id, id)).returning({ id: notes.id });
        return rows.length === 0 ? Response.json({ error: "not found" }, { status: 404 }) : new Response(null, { status: 204 });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
