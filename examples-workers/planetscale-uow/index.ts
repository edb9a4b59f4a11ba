/**
 * A unit of work on PlanetScale (MySQL over HTTP; interactive transactions through the session
 * token that one connection keeps).
 *
 *   POST  /init          creates the tables
 *   GET   /users         every user with its posts
 *   POST  /users         `{ "username": "...", "titles": ["..."] }`: a user and its posts, added to a
 *                        Session and committed in one transaction (keys from `insertId`)
 *   PATCH /users/:id     `{ "username": "...", "addTitle"?: "..." }`: changes loaded objects; the
 *                        commit's flush sends the UPDATE (and INSERT) in one transaction
 */
import * as sa from "alkahest";
import { planetscale } from "alkahest/adapters/planetscale";
import { Session } from "alkahest/orm";
import { Base, Post, User } from "./models.js";

export interface Env {
  /** `https://user:password@host` (`http://` for a local endpoint). */
  DATABASE_URL: string;
}

let engine: sa.Engine | undefined;
const engineFor = (env: Env): sa.Engine => (engine ??= sa.createEngine({ driver: planetscale({ url: env.DATABASE_URL }) }));

type Json = Record<string, unknown>;
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

async function userJson(u: User): Promise<Json> {
  const posts = await u.awaitableAttrs.posts;
  return { id: u.id, username: u.username, posts: posts.map((p) => p.title) };
}

async function listUsers(session: Session): Promise<Response> {
  const out: Json[] = [];
  for (const u of await session.scalars(sa.select(User).orderBy(User.id)).all()) out.push(await userJson(u));
  return Response.json(out);
}

async function createUser(session: Session, body: Json): Promise<Response> {
  if (typeof body.username !== "string" || !strings(body.titles)) return Response.json({ error: "username and titles are required" }, { status: 400 });
  const user = new User({ username: body.username });
  for (const title of body.titles) user.posts.push(new Post({ title }));
  session.add(user); // cascades to the posts
  await session.commit(); // INSERT users, INSERT posts with the new key, COMMIT
  return Response.json({ id: user.id }, { status: 201 });
}

async function changeUser(session: Session, id: number, body: Json): Promise<Response> {
  const user = await session.get(User, id);
  if (!user) return Response.json({ error: "not found" }, { status: 404 });
  if (typeof body.username === "string") user.username = body.username;
  if (typeof body.addTitle === "string") (await user.awaitableAttrs.posts).push(new Post({ title: body.addTitle }));
  await session.commit();
  await session.refresh(user);
  return Response.json(await userJson(user));
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const engine = engineFor(env);
    const { pathname } = new URL(request.url);
    const m = /^\/users\/(\d+)$/.exec(pathname);
    try {
      if (pathname === "/init" && request.method === "POST") {
        await Base.metadata.createAll(engine);
        return Response.json({ ok: true });
      }
      await using session = new Session(engine);
      if (pathname === "/users" && request.method === "GET") return await listUsers(session);
      const body = request.method === "GET" ? {} : ((await request.json().catch(() => ({}))) as Json);
      if (pathname === "/users" && request.method === "POST") return await createUser(session, body);
      if (m && request.method === "PATCH") return await changeUser(session, Number(m[1]), body);
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      const err = e as Error;
      return Response.json({ error: err.name, message: err.message }, { status: err.name === "IntegrityError" ? 409 : 500 });
    }
  },
};
