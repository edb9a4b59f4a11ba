/**
 * A Worker on libSQL / Turso over HTTP (`@libsql/client/web`), with ORM models and a Session.
 *
 *   POST  /init        creates the tables
 *   GET   /users       every user with its posts                          (1 request: a joined load)
 *   POST  /users       `{ "username": "...", "titles": ["..."] }`: a user and its posts, committed
 *                      as ONE atomic batch (1 request; the posts' foreign key is the user's key
 *                      reserved inside the batch)
 *   PATCH /users/:id   `{ "rename"?: { "postId": n, "title": "..." }, "addTitle"?: "..." }`: reads
 *                      the user with its posts (1 request), changes one post and adds one, commits
 *                      (1 request)
 *
 * libSQL has interactive transactions too, but each of their steps is a round trip from the edge.
 * A Session here reads in autocommit and sends its commit as one `batch` request; an explicit
 * `session.flush()` would open an interactive transaction and follow the ordinary path.
 * `LIBSQL_URL` is `libsql://…turso.io` (with `LIBSQL_AUTH_TOKEN`), or a local `http://` sqld.
 */
import * as sa from "alkahest";
import { libsql } from "alkahest/adapters/libsql";
import { Session, joinedload } from "alkahest/orm";
import { createClient } from "@libsql/client/web";
import { Base, Post, User } from "./models.js";

export interface Env {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
}

let engine: sa.Engine | undefined;
/** A module-scope engine: the HTTP client holds no socket between requests (NullPool). */
function engineFor(env: Env): sa.Engine {
  return (engine ??= sa.createEngine({
    driver: libsql({ url: env.LIBSQL_URL, ...(env.LIBSQL_AUTH_TOKEN ? { authToken: env.LIBSQL_AUTH_TOKEN } : {}), createClient }),
  }));
}

type Json = Record<string, unknown>;
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
const userJson = (u: User): Json => ({
  id: u.id,
  username: u.username,
  posts: [...u.posts].sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, title: p.title })),
});

async function route(request: Request, e: sa.Engine): Promise<Response> {
  const { pathname } = new URL(request.url);
  const m = /^\/users\/(\d+)$/.exec(pathname);
  if (pathname === "/init" && request.method === "POST") {
    await Base.metadata.createAll(e);
    return Response.json({ ok: true });
  }
  // expireOnCommit: false keeps the committed values readable for the response without a reload
  await using session = new Session(e, { expireOnCommit: false });
  if (pathname === "/users" && request.method === "GET") {
    const users = await session.scalars(sa.select(User).options(joinedload(User.posts)).orderBy(User.id)).unique().all();
    return Response.json(users.map(userJson));
  }
  const body = (await request.json().catch(() => ({}))) as Json;
  if (pathname === "/users" && request.method === "POST") {
    if (typeof body.username !== "string" || !strings(body.titles)) return Response.json({ error: "username (string) and titles (strings) are required" }, { status: 400 });
    const user = new User({ username: body.username });
    for (const title of body.titles) user.posts.push(new Post({ title }));
    session.add(user); // cascades to the posts
    await session.commit(); // ONE request
    return Response.json(userJson(user), { status: 201 });
  }
  if (m && request.method === "PATCH") {
    const user = await session.scalars(sa.select(User).options(joinedload(User.posts)).where(User.id.eq(Number(m[1])))).unique().oneOrNone();
    if (!user) return Response.json({ error: "not found" }, { status: 404 });
    const rename = body.rename as { postId?: unknown; title?: unknown } | undefined;
    if (rename) {
      const post = user.posts.find((p) => p.id === rename.postId);
      if (!post || typeof rename.title !== "string") return Response.json({ error: "rename needs the id of one of the user's posts and a title" }, { status: 400 });
      post.title = rename.title;
    }
    if (typeof body.addTitle === "string") user.posts.push(new Post({ title: body.addTitle }));
    await session.commit(); // ONE request: the UPDATE and the INSERT ... RETURNING in one batch
    return Response.json(userJson(user));
  }
  return Response.json({ error: "not found" }, { status: 404 });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await route(request, engineFor(env));
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: err.name === "IntegrityError" ? 409 : 500 });
    }
  },
};
