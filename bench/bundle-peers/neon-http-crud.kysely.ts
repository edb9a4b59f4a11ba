/** neon-http-crud with kysely (an inline neon-http dialect: no kysely-neon package here). */
import { neon } from "@neondatabase/serverless";
import { Kysely } from "kysely";
import { NeonHttpDialect } from "./kysely-shims.js";

export interface Env { DATABASE_URL: string }
interface DB { notes: { id: number; body: string } }

async function readBody(request: Request): Promise<string | null> {
  const body = ((await request.json().catch(() => ({}))) as { body?: unknown }).body;
  return typeof body === "string" ? body : null;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = new Kysely<DB>({ dialect: new NeonHttpDialect(neon(env.DATABASE_URL)) });
    const { pathname } = new URL(request.url);
    const m = /^\/notes\/(\d+)$/.exec(pathname);
    const id = m ? Number(m[1]) : null;
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.schema.createTable("notes").ifNotExists().addColumn("id", "serial", (c) => c.primaryKey()).addColumn("body", "text", (c) => c.notNull()).execute();
        return Response.json({ ok: true });
      }
      if (pathname === "/notes" && request.method === "GET") return Response.json(await db.selectFrom("notes").select(["id", "body"]).orderBy("id").execute());
      if (pathname === "/notes" && request.method === "POST") {
        const body = await readBody(request);
        if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
        const row = await db.insertInto("notes").values({ body } as DB["notes"]).returning(["id", "body"]).executeTakeFirstOrThrow();
        return Response.json(row, { status: 201 });
      }
      if (id !== null && request.method === "PATCH") {
        const body = await readBody(request);
        if (body === null) return Response.json({ error: "body (string) is required" }, { status: 400 });
        const row = await db.updateTable("notes").set({ body }).where("id", "=", id).returning(["id", "body"]).executeTakeFirst();
        return row ? Response.json(row) : Response.json({ error: "not found" }, { status: 404 });
      }
      if (id !== null && request.method === "DELETE") {
        const r = await db.deleteFrom("notes").where("id", "=", id).executeTakeFirst();
        return r.numDeletedRows === 0n ? Response.json({ error: "not found" }, { status: 404 }) : new Response(null, { status: 204 });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
