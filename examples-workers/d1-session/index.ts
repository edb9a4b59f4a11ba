/**
 * A Worker on Cloudflare D1 with ORM models.
 *
 *   POST /init   creates the tables (one atomic D1 batch)
 *   GET  /users  every user with its posts, read through a Session
 *   POST /users  `{ "username": "...", "title": "..." }`: a user and its first post, written as
 *                ONE atomic D1 batch (one round trip)
 *
 * Writes go through Core's `engine.batch([...])`, not `session.commit()`: D1 has no interactive
 * transactions, and a Session flush there would send each INSERT as its own autocommitted request
 * (not atomic). The post finds its author's key with a scalar subquery inside the same batch, so no
 * key has to come back between the two statements.
 */
import { createEngine, insert, select, type Engine } from "alkahest";
import { d1, type D1Database } from "alkahest/adapters/d1";
import { Session } from "alkahest/orm";
import { Base, Post, User } from "./models.js";

export interface Env {
  DB: D1Database;
}

const engines = new WeakMap<D1Database, Engine>();
/** One engine per binding: cheap, holds no I/O object (D1 gets a NullPool). */
function engineFor(env: Env): Engine {
  let engine = engines.get(env.DB);
  if (!engine) engines.set(env.DB, (engine = createEngine({ driver: d1(env.DB) })));
  return engine;
}

async function listUsers(engine: Engine): Promise<Response> {
  await using session = new Session(engine);
  const users = await session.scalars(select(User).orderBy(User.id)).all();
  const out = [];
  for (const u of users) {
    const posts = await u.awaitableAttrs.posts; // one relationship load at a time per Session
    out.push({ id: u.id, username: u.username, posts: posts.map((p) => ({ id: p.id, title: p.title })) });
  }
  return Response.json(out);
}

async function createUser(engine: Engine, request: Request): Promise<Response> {
  const body = (await request.json()) as { username?: unknown; title?: unknown };
  if (typeof body.username !== "string" || typeof body.title !== "string") {
    return Response.json({ error: "username and title (strings) are required" }, { status: 400 });
  }
  const users = User.__table__;
  const posts = Post.__table__;
  const authorId = select(users.c.id).where(users.c.username.eq(body.username)).scalarSubquery();
  const [u, p] = await engine.batch([
    insert(users).values({ username: body.username }).returning(users.c.id),
    insert(posts).values({ title: body.title, userId: authorId }).returning(posts.c.id),
  ]);
  return Response.json({ id: u!.scalarOne(), postId: p!.scalarOne() }, { status: 201 });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const engine = engineFor(env);
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await Base.metadata.createAll(engine);
        return Response.json({ ok: true });
      }
      if (pathname === "/users" && request.method === "GET") return await listUsers(engine);
      if (pathname === "/users" && request.method === "POST") return await createUser(engine, request);
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: err.name === "IntegrityError" ? 409 : 500 });
    }
  },
};
