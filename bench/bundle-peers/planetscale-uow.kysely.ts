/** planetscale-uow with kysely (an inline PlanetScale dialect: no kysely-planetscale package here). */
import { connect } from "@planetscale/database";
import { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/mysql";
import { PlanetScaleDialect } from "./kysely-shims.js";

export interface Env { DATABASE_URL: string }
interface DB {
  users: { id: number; username: string };
  posts: { id: number; title: string; userId: number };
}
type Json = Record<string, unknown>;
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = new Kysely<DB>({ dialect: new PlanetScaleDialect(() => connect({ url: env.DATABASE_URL })) });
    const withPosts = () =>
      db.selectFrom("users").select((eb) => ["id", "username", jsonArrayFrom(eb.selectFrom("posts").select("posts.title").whereRef("posts.userId", "=", "users.id").orderBy("posts.id")).as("posts")]);
    const { pathname } = new URL(request.url);
    const m = /^\/users\/(\d+)$/.exec(pathname);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.schema.createTable("users").ifNotExists().addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()).addColumn("username", "varchar(50)", (c) => c.notNull().unique()).execute();
        await db.schema.createTable("posts").ifNotExists().addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()).addColumn("title", "varchar(200)", (c) => c.notNull())
          .addColumn("userId", "integer", (c) => c.notNull().references("users.id")).execute();
        return Response.json({ ok: true });
      }
      if (pathname === "/users" && request.method === "GET") return Response.json(await withPosts().orderBy("id").execute());
      const body = request.method === "GET" ? {} : ((await request.json().catch(() => ({}))) as Json);
      if (pathname === "/users" && request.method === "POST") {
        if (typeof body.username !== "string" || !strings(body.titles)) return Response.json({ error: "username and titles are required" }, { status: 400 });
        const { username, titles } = body;
        const id = await db.transaction().execute(async (tx) => {
          const r = await tx.insertInto("users").values({ username } as DB["users"]).executeTakeFirstOrThrow();
          const userId = Number(r.insertId);
          if (titles.length) await tx.insertInto("posts").values(titles.map((title) => ({ title, userId }) as DB["posts"])).execute();
          return userId;
        });
        return Response.json({ id }, { status: 201 });
      }
      if (m && request.method === "PATCH") {
        const id = Number(m[1]);
        const found = await db.transaction().execute(async (tx) => {
          const u = await tx.selectFrom("users").select("id").where("id", "=", id).executeTakeFirst();
          if (!u) return false;
          if (typeof body.username === "string") await tx.updateTable("users").set({ username: body.username }).where("id", "=", id).execute();
          if (typeof body.addTitle === "string") await tx.insertInto("posts").values({ title: body.addTitle, userId: id } as DB["posts"]).execute();
          return true;
        });
        return found ? Response.json(await withPosts().where("id", "=", id).executeTakeFirst()) : Response.json({ error: "not found" }, { status: 404 });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
