/**
 * Round trips of a Worker-shaped request — read a user with its posts, change one post, add a new
 * post with a generated key, commit — on neon-http, d1, libsql (Hrana over HTTP), planetscale and
 * pg, with alkahest's Session and with drizzle-orm doing the same work (its `batch` API where it
 * has one, else `db.transaction`), in one run against the local endpoints of
 * `test/support/endpoints/` (embedded PostgreSQL and MariaDB from `test/support/db/`).
 *
 * HTTP drivers: requests counted at the endpoint. pg: statements sent through node-postgres
 * (`Client.prototype.query` calls; each is one extended-protocol round trip; connection start-up
 * excluded). Writes the table into docs/BENCHMARKS.md ("## Edge round trips").
 *
 *   npm run bench:edge
 */
import { readFileSync, writeFileSync } from "node:fs";
import pgModule from "pg";
import { createClient } from "@libsql/client";
import { Client as PsClient } from "@planetscale/database";
import { neon } from "@neondatabase/serverless";
import { and, eq } from "drizzle-orm";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-http";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql";
import { drizzle as drizzlePs } from "drizzle-orm/planetscale-serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { pgTable, serial, integer as pgInteger, varchar } from "drizzle-orm/pg-core";
import { sqliteTable, integer as sqliteInteger, text as sqliteText } from "drizzle-orm/sqlite-core";
import { mysqlTable, int as myInt, varchar as myVarchar } from "drizzle-orm/mysql-core";
import * as sa from "alkahest";
import { Session, declarativeBase, joinedload, mappedColumn, relationship } from "alkahest/orm";
import { neonHttp } from "alkahest/adapters/neon-http";
import { d1 } from "alkahest/adapters/d1";
import { libsql } from "alkahest/adapters/libsql";
import { planetscale } from "alkahest/adapters/planetscale";
import { pg } from "alkahest/adapters/pg";
import { startPostgres } from "../test/support/db/postgres.js";
import { startMariadb } from "../test/support/db/mariadb.js";
import { startNeonHttpEndpoint } from "../test/support/endpoints/neon-http.js";
import { startD1 } from "../test/support/endpoints/d1.js";
import { startHranaEndpoint } from "../test/support/endpoints/hrana.js";
import { startPlanetscaleEndpoint } from "../test/support/endpoints/planetscale-http.js";

// ---- alkahest models ---------------------------------------------------------------------------
const Base = declarativeBase();
class User extends Base.model("edge_users", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  username: mappedColumn(sa.String(100), { unique: true }),
  posts: relationship<Post[]>("Post", { backPopulates: "author" }),
}) {
  static {
    Base.register(this);
  }
}
class Post extends Base.model("edge_posts", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  title: mappedColumn(sa.String(100)),
  userId: mappedColumn(sa.Integer, { foreignKey: "edge_users.id" }),
  author: relationship<User>("User", { backPopulates: "posts" }),
}) {
  static {
    Base.register(this);
  }
}

// ---- drizzle tables (the same tables) -----------------------------------------------------------
const pgUsers = pgTable("edge_users", { id: serial("id").primaryKey(), username: varchar("username", { length: 100 }).notNull() });
const pgPosts = pgTable("edge_posts", { id: serial("id").primaryKey(), title: varchar("title", { length: 100 }).notNull(), userId: pgInteger("userId").notNull() });
const liteUsers = sqliteTable("edge_users", { id: sqliteInteger("id").primaryKey(), username: sqliteText("username").notNull() });
const litePosts = sqliteTable("edge_posts", { id: sqliteInteger("id").primaryKey(), title: sqliteText("title").notNull(), userId: sqliteInteger("userId").notNull() });
const myUsers = mysqlTable("edge_users", { id: myInt("id").primaryKey().autoincrement(), username: myVarchar("username", { length: 100 }).notNull() });
const myPosts = mysqlTable("edge_posts", { id: myInt("id").primaryKey().autoincrement(), title: myVarchar("title", { length: 100 }).notNull(), userId: myInt("userId").notNull() });

interface Trips {
  read: number;
  commit: number;
  note?: string;
}

/** Fresh tables and one user (id 1) with two posts. */
async function setup(engine: sa.Engine): Promise<void> {
  await Base.metadata.dropAll(engine);
  await Base.metadata.createAll(engine);
  const s = new Session(engine);
  const u = new User({ username: "alice" });
  s.add(u);
  await s.commit();
  // second commit: the posts (their parent's key is known, so no prefetch on any driver)
  s.addAll([new Post({ title: "p1", userId: 1 }), new Post({ title: "p2", userId: 1 })]);
  await s.commit();
  await s.close();
}

async function alkahestRequest(engine: sa.Engine, count: () => number, run: number): Promise<Trips> {
  const s = new Session(engine);
  try {
    const c0 = count();
    const user = await s.scalars(sa.select(User).options(joinedload(User.posts)).where(User.id.eq(1))).unique().one();
    const c1 = count();
    const first = [...user.posts].sort((a, b) => a.id - b.id)[0]!;
    first.title = `changed ${run}`;
    user.posts.push(new Post({ title: `alkahest ${run}` }));
    await s.commit();
    const c2 = count();
    return { read: c1 - c0, commit: c2 - c1 };
  } finally {
    await s.close();
  }
}

/** A commit of a new user with two new posts (the posts need the user's generated key). */
async function alkahestFamily(engine: sa.Engine, count: () => number, run: number): Promise<number> {
  const s = new Session(engine);
  try {
    const u = new User({ username: `family ${run}` });
    u.posts.push(new Post({ title: `f${run}a` }), new Post({ title: `f${run}b` }));
    s.add(u);
    const c0 = count();
    await s.commit();
    return count() - c0;
  } finally {
    await s.close();
  }
}

type Target = {
  name: string;
  unit: string;
  start(): Promise<{ engine: sa.Engine; count: () => number; drizzle: (run: number) => Promise<Trips>; stop(): Promise<void> }>;
};

async function main() {
  console.error("starting PostgreSQL and MariaDB ...");
  const [pgServer, mariaServer] = await Promise.all([startPostgres(), startMariadb()]);
  const pgUrl = pgServer.url;
  // node-postgres statements: every Client#query call (alkahest's pg adapter and drizzle's alike)
  let pgQueries = 0;
  const proto = pgModule.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const origQuery = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    pgQueries++;
    return origQuery.apply(this, a);
  };

  const targets: Target[] = [
    {
      name: "neon-http",
      unit: "HTTP requests",
      async start() {
        const ep = await startNeonHttpEndpoint(pgUrl);
        const engine = sa.createEngine({ driver: neonHttp({ connectionString: pgUrl, fetchEndpoint: ep.url }) });
        // the adapter's dispatcher routes this connection string's host to the endpoint for neon() too
        const db = drizzleNeon(neon(pgUrl));
        const count = () => ep.stats.requests;
        return {
          engine, count, stop: () => ep.stop(),
          async drizzle(run) {
            const c0 = count();
            const rows = await db.select().from(pgUsers).leftJoin(pgPosts, eq(pgPosts.userId, pgUsers.id)).where(eq(pgUsers.id, 1)).orderBy(pgPosts.id);
            const c1 = count();
            await db.batch([
              db.update(pgPosts).set({ title: `changed ${run}` }).where(and(eq(pgPosts.id, rows[0]!.edge_posts!.id), eq(pgPosts.userId, 1))),
              db.insert(pgPosts).values({ title: `drizzle ${run}`, userId: 1 }).returning({ id: pgPosts.id }),
            ]);
            return { read: c1 - c0, commit: count() - c1, note: "db.batch" };
          },
        };
      },
    },
    {
      name: "d1",
      unit: "D1 requests",
      async start() {
        const local = await startD1();
        const engine = sa.createEngine({ driver: d1(local.db) });
        const db = drizzleD1(local.db as never);
        const count = () => local.stats.requests;
        return {
          engine, count, stop: () => local.stop(),
          drizzle: (run) => drizzleSqliteBatch(db as SqliteBatchDb, count, run),
        };
      },
    },
    {
      name: "libsql (http)",
      unit: "HTTP requests",
      async start() {
        const ep = await startHranaEndpoint();
        const engine = sa.createEngine({ driver: libsql(ep.url) });
        const client = createClient({ url: ep.url });
        const db = drizzleLibsql(client);
        const count = () => ep.stats.requests;
        return {
          engine, count, stop: async () => (client.close(), ep.stop()),
          drizzle: (run) => drizzleSqliteBatch(db as SqliteBatchDb, count, run),
        };
      },
    },
    {
      name: "planetscale",
      unit: "HTTP requests",
      async start() {
        const ep = await startPlanetscaleEndpoint(mariaServer.url);
        const engine = sa.createEngine({ driver: planetscale({ url: ep.url }) });
        const db = drizzlePs(new PsClient({ url: ep.url }));
        const count = () => ep.stats.requests;
        return {
          engine, count, stop: () => ep.stop(),
          async drizzle(run) {
            const c0 = count();
            const rows = await db.select().from(myUsers).leftJoin(myPosts, eq(myPosts.userId, myUsers.id)).where(eq(myUsers.id, 1)).orderBy(myPosts.id);
            const c1 = count();
            await db.transaction(async (tx) => {
              await tx.update(myPosts).set({ title: `changed ${run}` }).where(eq(myPosts.id, rows[0]!.edge_posts!.id));
              await tx.insert(myPosts).values({ title: `drizzle ${run}`, userId: 1 });
            });
            return { read: c1 - c0, commit: count() - c1, note: "db.transaction (no batch API)" };
          },
        };
      },
    },
    {
      name: "pg (TCP)",
      unit: "statements (node-postgres queries, one protocol round trip each)",
      async start() {
        const engine = sa.createEngine({ driver: pg({ connectionString: pgUrl }) });
        const pool = new pgModule.Pool({ connectionString: pgUrl, max: 1 });
        pool.on("error", () => undefined); // an idle client when the server stops at the end
        const db = drizzlePg(pool);
        const count = () => pgQueries;
        return {
          engine, count, stop: () => pool.end(),
          async drizzle(run) {
            const c0 = count();
            const rows = await db.select().from(pgUsers).leftJoin(pgPosts, eq(pgPosts.userId, pgUsers.id)).where(eq(pgUsers.id, 1)).orderBy(pgPosts.id);
            const c1 = count();
            await db.transaction(async (tx) => {
              await tx.update(pgPosts).set({ title: `changed ${run}` }).where(eq(pgPosts.id, rows[0]!.edge_posts!.id));
              await tx.insert(pgPosts).values({ title: `drizzle ${run}`, userId: 1 }).returning({ id: pgPosts.id });
            });
            return { read: c1 - c0, commit: count() - c1, note: "db.transaction (no batch API)" };
          },
        };
      },
    },
  ];

  const lines: string[] = [];
  try {
    for (const t of targets) {
      console.error(`${t.name} ...`);
      const started = await t.start();
      try {
        await setup(started.engine);
        await alkahestRequest(started.engine, started.count, 0); // warm-up: first-connect queries, caches
        await started.drizzle(0);
        const a = await alkahestRequest(started.engine, started.count, 1);
        const d = await started.drizzle(1);
        await alkahestFamily(started.engine, started.count, 0);
        const f = await alkahestFamily(started.engine, started.count, 1);
        lines.push(`| ${t.name} | ${t.unit} | ${a.read} | ${a.commit} | **${a.read + a.commit}** | ${d.read} | ${d.commit} | ${d.read + d.commit} (${d.note}) | ${f} |`);
        console.error(lines.at(-1));
      } finally {
        await Base.metadata.dropAll(started.engine).catch(() => undefined);
        await started.engine.dispose();
        await started.stop();
      }
    }
  } finally {
    proto.query = origQuery;
    await Promise.all([pgServer.stop(), mariaServer.stop()]);
  }

  const drizzleVersion = (JSON.parse(readFileSync(new URL("../node_modules/drizzle-orm/package.json", import.meta.url), "utf8")) as { version: string }).version;
  const section = [
    "## Edge round trips",
    "",
    "A Worker-shaped request: read a user with its posts (one joined SELECT), change one post, add a",
    "new post with a generated key, commit. Counted at the local endpoints of `test/support/endpoints/`",
    "(neon-http, D1 through miniflare, libSQL's Hrana over HTTP, PlanetScale's HTTP API) and, for pg,",
    "as statements sent through node-postgres (each one protocol round trip; connection start-up not",
    `counted). alkahest's Session beside drizzle-orm ${drizzleVersion} doing the same work (its \`batch\``,
    "API where it has one, else `db.transaction`). Run `npm run bench:edge`; generated by `bench/edge.ts`",
    `on ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| driver | counted | alkahest read | alkahest commit | alkahest total | drizzle read | drizzle commit | drizzle total | alkahest: commit of a new user + 2 posts |",
    "|---|---|---|---|---|---|---|---|---|",
    ...lines,
    "",
    "Goal (issue 6): read 1, commit 1 (2 where keys must be prefetched) on the batch drivers. The new",
    "post's key comes back through RETURNING inside the batch, so no prefetch is needed there. The last",
    "column is a commit of a new parent with new children (which need its key): 2 requests on neon-http",
    "(sequence prefetch + batch), still 1 on D1 and libSQL (keys reserved inside the batch;",
    "docs/DECISIONS.md, \"Session writes on batch-only drivers\"). planetscale and",
    "pg have interactive transactions: BEGIN, the statements and COMMIT are each a round trip (a read",
    "inside the Session's transaction costs a BEGIN first on pg). drizzle's read runs outside a",
    "transaction on every driver.",
    "",
  ].join("\n");
  console.log(section);
  const path = new URL("../docs/BENCHMARKS.md", import.meta.url);
  const doc = readFileSync(path, "utf8");
  const at = doc.indexOf("## Edge round trips");
  const rest = at >= 0 ? doc.slice(at).indexOf("\n## ", 1) : -1;
  const next = at >= 0 ? (rest >= 0 ? doc.slice(at + rest + 1) : "") : "";
  const out = at >= 0 ? doc.slice(0, at) + section + (next ? "\n" + next : "") : doc.replace(/\n*$/, "\n\n") + section;
  writeFileSync(path, out);
}

await main();

/** A drizzle database over SQLite with a batch API (D1, libsql: the same query builder). */
type SqliteBatchDb = ReturnType<typeof drizzleLibsql>;

/** drizzle's side of the request on a SQLite batch driver: one joined read, then one `db.batch`. */
async function drizzleSqliteBatch(db: SqliteBatchDb, count: () => number, run: number) {
  const c0 = count();
  const rows = await db.select().from(liteUsers).leftJoin(litePosts, eq(litePosts.userId, liteUsers.id)).where(eq(liteUsers.id, 1)).orderBy(litePosts.id);
  const c1 = count();
  await db.batch([
    db.update(litePosts).set({ title: `changed ${run}` }).where(eq(litePosts.id, rows[0]!.edge_posts!.id)),
    db.insert(litePosts).values({ title: `drizzle ${run}`, userId: 1 }).returning({ id: litePosts.id }),
  ]);
  return { read: c1 - c0, commit: count() - c1, note: "db.batch" };
}
