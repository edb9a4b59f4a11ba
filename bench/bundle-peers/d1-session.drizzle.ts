/** d1-session with drizzle-orm (`drizzle-orm/d1`, its relational queries for users with posts). */
import { relations, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export interface Env { DB: D1Database }
type D1Database = Parameters<typeof drizzle>[0];

const users = sqliteTable("users", { id: integer("id").primaryKey(), username: text("username", { length: 50 }).notNull().unique() });
const posts = sqliteTable("posts", { id: integer("id").primaryKey(), title: text("title", { length: 200 }).notNull(), userId: integer("userId").notNull().references(() => users.id) });
const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.userId], references: [users.id] }) }));
const schema = { users, posts, usersRelations, postsRelations };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = drizzle(env.DB, { schema });
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await db.batch([
          db.run(sql`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username VARCHAR(50) NOT NULL UNIQUE)`),
          db.run(sql`CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL, userId INTEGER NOT NULL REFERENCES users (id))`),
        ]);
        return Response.json({ ok: true });
      }
      if (pathname === "/users" && request.method === "GET") {
        const all = await db.query.users.findMany({ with: { posts: true }, orderBy: users.id });
        return Response.json(all.map((u) => ({ id: u.id, username: u.username, posts: u.posts.map((p) => ({ id: p.id, title: p.title })) })));
      }
      if (pathname === "/users" && request.method === "POST") {
        const body = (await request.json()) as { username?: unknown; title?: unknown };
        if (typeof body.username !== "string" || typeof body.title !== "string") {
          return Response.json({ error: "username and title (strings) are required" }, { status: 400 });
        }
        const authorId = sql<number>`(SELECT id FROM users WHERE username = ${body.username})`;
        const [[u], [p]] = await db.batch([
          db.insert(users).values({ username: body.username }).returning({ id: users.id }),
          db.insert(posts).values({ title: body.title, userId: authorId }).returning({ id: posts.id }),
        ]);
        return Response.json({ id: u!.id, postId: p!.id }, { status: 201 });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: 500 });
    }
  },
};
