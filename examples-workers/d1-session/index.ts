/**
 * A Worker on Cloudflare D1 with ORM models.
 *
 *   POST /init   creates the tables (one atomic D1 batch)
 *   GET  /users  every user with its posts, read through a Session
 *   POST /users  `{ "username": "...", "title": "..." }`: a user and its first post, added to a
 *                Session; `commit()` sends them as ONE atomic D1 batch (one round trip)
 *   POST /users/:id/posts  `{ "title": "...", "rename"?: { "postId": n, "title": "..." } }`: loads
 *                the user (1 request), adds a post and optionally renames one, commits (1 request)
 *
 * D1 has no interactive transactions, so a Session commit there is one `batch()`: the user's new
 * key is reserved inside the batch (`alkahest_sequence`) and used by the post's foreign key, and
 * both get their real ids after it. `session.flush()` is refused (NotSupportedError): nothing could
 * be written before the commit atomically.
 */
import { createEngine, select, type Engine } from "alkahest";
import { d1, type D1Database } from "alkahest/adapters/d1";
import { Session, joinedload } from "alkahest/orm";
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
  // one request: users LEFT OUTER JOIN posts
  const users = await session.scalars(select(User).options(joinedload(User.posts)).orderBy(User.id)).unique().all();
  const out = users.map((u) => ({ id: u.id, username: u.username, posts: [...u.posts].sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, title: p.title })) }));
  return Response.json(out);
}

async function createUser(engine: Engine, request: Request): Promise<Response> {
  const body = (await request.json()) as { username?: unknown; title?: unknown };
  if (typeof body.username !== "string" || typeof body.title !== "string") {
    return Response.json({ error: "username and title (strings) are required" }, { status: 400 });
  }
  await using session = new Session(engine, { expireOnCommit: false });
  const post = new Post({ title: body.title });
  const user = new User({ username: body.username, posts: [post] });
  session.add(user); // cascades to the post
  await session.commit(); // ONE D1 batch: key reservation, INSERT users, INSERT posts
  return Response.json({ id: user.id, postId: post.id }, { status: 201 });
}

async function addPost(engine: Engine, id: number, request: Request): Promise<Response> {
  const body = (await request.json()) as { title?: unknown; rename?: { postId?: unknown; title?: unknown } };
  if (typeof body.title !== "string") return Response.json({ error: "title (string) is required" }, { status: 400 });
  await using session = new Session(engine, { expireOnCommit: false });
  const user = await session.scalars(select(User).options(joinedload(User.posts)).where(User.id.eq(id))).unique().oneOrNone();
  if (!user) return Response.json({ error: "not found" }, { status: 404 });
  if (body.rename) {
    const old = user.posts.find((p) => p.id === body.rename!.postId);
    if (!old || typeof body.rename.title !== "string") return Response.json({ error: "rename needs the id of one of the user's posts and a title" }, { status: 400 });
    old.title = body.rename.title;
  }
  const post = new Post({ title: body.title });
  user.posts.push(post);
  await session.commit(); // ONE D1 batch: UPDATE posts, INSERT posts ... RETURNING id
  return Response.json({ id: user.id, postId: post.id }, { status: 201 });
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
      const m = /^\/users\/(\d+)\/posts$/.exec(pathname);
      if (m && request.method === "POST") return await addPost(engine, Number(m[1]), request);
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: err.name === "IntegrityError" ? 409 : 500 });
    }
  },
};
