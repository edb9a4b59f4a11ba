/** pg-hyperdrive with drizzle-orm (`drizzle-orm/node-postgres`, a pg Client per request). */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, serial, varchar } from "drizzle-orm/pg-core";
import pg from "pg";

export interface Env { HYPERDRIVE: { connectionString: string } }
const visits = pgTable("visits", { id: serial("id").primaryKey(), path: varchar("path", { length: 200 }).notNull() });

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const client = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString, application_name: "drizzle-hyperdrive" });
    await client.connect();
    const db = drizzle(client);
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.execute(sql`CREATE TABLE IF NOT EXISTS visits (id SERIAL PRIMARY KEY, path VARCHAR(200) NOT NULL)`);
        return Response.json({ ok: true });
      }
      if (pathname === "/visits" && request.method === "POST") {
        const { path } = (await request.json().catch(() => ({}))) as { path?: unknown };
        if (typeof path !== "string") return Response.json({ error: "path (string) is required" }, { status: 400 });
        const [row] = await db.transaction((tx) => tx.insert(visits).values({ path }).returning());
        return Response.json(row, { status: 201 });
      }
      if (pathname === "/visits" && request.method === "GET") {
        const [{ pid }] = (await db.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows as [{ pid: number }];
        return Response.json({ pid, visits: await db.select().from(visits).orderBy(visits.id) });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    } finally {
      await client.end();
    }
  },
};
