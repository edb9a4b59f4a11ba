/** pg-hyperdrive with kysely (its own `PostgresDialect` over a pg Pool of one connection per request). */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";

export interface Env { HYPERDRIVE: { connectionString: string } }
interface DB { visits: { id: number; path: string } }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.HYPERDRIVE.connectionString, max: 1 }) }) });
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.schema.createTable("visits").ifNotExists().addColumn("id", "serial", (c) => c.primaryKey()).addColumn("path", "varchar(200)", (c) => c.notNull()).execute();
        return Response.json({ ok: true });
      }
      if (pathname === "/visits" && request.method === "POST") {
        const { path } = (await request.json().catch(() => ({}))) as { path?: unknown };
        if (typeof path !== "string") return Response.json({ error: "path (string) is required" }, { status: 400 });
        const row = await db.transaction().execute((tx) => tx.insertInto("visits").values({ path } as DB["visits"]).returning(["id", "path"]).executeTakeFirstOrThrow());
        return Response.json(row, { status: 201 });
      }
      if (pathname === "/visits" && request.method === "GET") {
        const { pid } = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!;
        return Response.json({ pid, visits: await db.selectFrom("visits").select(["id", "path"]).orderBy("id").execute() });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    } finally {
      await db.destroy();
    }
  },
};
