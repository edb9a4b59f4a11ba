/** d1-session with kysely (an inline D1 dialect: no kysely-d1 package here; kysely has no batch API). */
import { Kysely, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/sqlite";
import { D1Dialect, type D1Like } from "./kysely-shims.js";

export interface Env { DB: D1Like }
interface DB {
  users: { id: number; username: string };
  posts: { id: number; title: string; userId: number };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = new Kysely<DB>({ dialect: new D1Dialect(env.DB) });
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.schema.createTable("users").ifNotExists().addColumn("id", "integer", (c) => c.primaryKey()).addColumn("username", "varchar(50)", (c) => c.notNull().unique()).execute();
        await db.schema.createTable("posts").ifNotExists().addColumn("id", "integer", (c) => c.primaryKey()).addColumn("title", "varchar(200)", (c) => c.notNull())
          .addColumn("userId", "integer", (c) => c.notNull().references("users.id")).execute();
        return Response.json({ ok: true });
      }
      if (pathname === "/users" && request.method === "GET") {
        const all = await db.selectFrom("users").select((eb) => ["id", "username", jsonArrayFrom(eb.selectFrom("posts").select(["posts.id", "posts.title"]).whereRef("posts.userId", "=", "users.id").orderBy("posts.id")).as("posts")])
          .orderBy("id").execute();
        return Response.json(all);
      }
      if (pathname === "/users" && request.method === "POST") {
        const body = (await request.json()) as { username?: unknown; title?: unknown };
        if (typeof body.username !== "string" || typeof body.title !== "string") {
          return Response.json({ error: "username and title (strings) are required" }, { status: 400 });
        }
        const u = await db.insertInto("users").values({ username: body.username } as DB["users"]).returning("id").executeTakeFirstOrThrow();
        const p = await db.insertInto("posts").values({ title: body.title, userId: sql<number>`(SELECT id FROM users WHERE username = ${body.username})` } as never).returning("id").executeTakeFirstOrThrow();
        return Response.json({ id: u.id, postId: p.id }, { status: 201 });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
