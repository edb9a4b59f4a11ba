/** planetscale-uow with drizzle-orm (`drizzle-orm/planetscale-serverless`; writes in one interactive transaction). */
import { Client } from "@planetscale/database";
import { eq, relations, sql } from "drizzle-orm";
import { int, mysqlTable, serial, varchar } from "drizzle-orm/mysql-core";
import { drizzle } from "drizzle-orm/planetscale-serverless";

export interface Env { DATABASE_URL: string }
const users = mysqlTable("users", { id: serial("id").primaryKey(), username: varchar("username", { length: 50 }).notNull().unique() });
const posts = mysqlTable("posts", { id: serial("id").primaryKey(), title: varchar("title", { length: 200 }).notNull(), userId: int("userId").notNull() });
const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.userId], references: [users.id] }) }));
const schema = { users, posts, usersRelations, postsRelations };

type Json = Record<string, unknown>;
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = drizzle(new Client({ url: env.DATABASE_URL }), { schema });
    const userJson = async (id: number) => {
      const u = await db.query.users.findFirst({ where: eq(users.id, id), with: { posts: true } });
      return u && { id: u.id, username: u.username, posts: u.posts.map((p) => p.title) };
    };
    const { pathname } = new URL(request.url);
    const m = /^\/users\/(\d+)$/.exec(pathname);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.execute(sql`CREATE TABLE IF NOT EXISTS users (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, username VARCHAR(50) NOT NULL UNIQUE)`);
        await db.execute(sql`CREATE TABLE IF NOT EXISTS posts (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(200) NOT NULL, userId INTEGER NOT NULL, FOREIGN KEY (userId) REFERENCES users (id))`);
        return Response.json({ ok: true });
      }
      if (pathname === "/users" && request.method === "GET") {
        const all = await db.query.users.findMany({ with: { posts: true }, orderBy: users.id });
        return Response.json(all.map((u) => ({ id: u.id, username: u.username, posts: u.posts.map((p) => p.title) })));
      }
      const body = request.method === "GET" ? {} : ((await request.json().catch(() => ({}))) as Json);
      if (pathname === "/users" && request.method === "POST") {
        if (typeof body.username !== "string" || !strings(body.titles)) return Response.json({ error: "username and titles are required" }, { status: 400 });
        const { username, titles } = body;
        const id = await db.transaction(async (tx) => {
          const [r] = await tx.insert(users).values({ username }).$returningId();
          if (titles.length) await tx.insert(posts).values(titles.map((title) => ({ title, userId: r!.id })));
          return r!.id;
        });
        return Response.json({ id }, { status: 201 });
      }
      if (m && request.method === "PATCH") {
        const id = Number(m[1]);
        const found = await db.transaction(async (tx) => {
          const [u] = await tx.select().from(users).where(eq(users.id, id));
          if (!u) return false;
          if (typeof body.username === "string") await tx.update(users).set({ username: body.username }).where(eq(users.id, id));
          if (typeof body.addTitle === "string") await tx.insert(posts).values({ title: body.addTitle, userId: id });
          return true;
        });
        return found ? Response.json(await userJson(id)) : Response.json({ error: "not found" }, { status: 404 });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
