/**
 * ORM read benchmark (issue 5): alkahest's entity loading against the raw driver, drizzle-orm,
 * kysely and mikro-orm, on PostgreSQL (embedded server, `pg` adapter) and SQLite (libsql, a file in
 * a temp dir), in one run.
 *
 *   npm run bench:orm-read           (writes docs/BENCHMARKS.md "## ORM read")
 *
 * Workloads (users id, name, email, score; posts id, user_id, title; comments id, post_id, body):
 *   read    — all READ_ROWS users as entities (alkahest `session.scalars(select(User)).all()` in a new
 *             session: identity map empty). Raw: one SELECT, rows mapped to plain objects.
 *   get     — `session.get(User, i)` for i = 1…PK_COUNT in one new session (every call misses the
 *             identity map). Raw: the same SELECT by primary key PK_COUNT times, mapped to objects.
 *   nested  — the first NESTED_USERS users with their posts and the posts' comments
 *             (NESTED_USERS × POSTS × COMMENTS comments): alkahest selectinload (3 statements) and
 *             joinedload (1 statement); drizzle-orm relational query (`with:`); mikro-orm
 *             `populate` with strategy select-in and joined; kysely and the raw driver with three
 *             queries (`IN` / `= ANY`) stitched by hand.
 *
 * Env: BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_ROWS (100000), BENCH_PK (10000), BENCH_NESTED_USERS
 * (1000), BENCH_ONLY=pg|sqlite, BENCH_SIDES=alkahest,raw,... , BENCH_WORKLOADS=read,get,nested,
 * BENCH_NO_DOC=1.
 */
import pgModule from "pg";
import { createClient, type Client as LibsqlClientT, type Transaction as LibsqlTx } from "@libsql/client";
import * as sa from "alkahest";
import { Session, joinedload, selectinload } from "alkahest/orm";
import { pg as pgAdapter } from "alkahest/adapters/pg";
import { libsql as libsqlAdapter } from "alkahest/adapters/libsql";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql";
import { eq } from "drizzle-orm";
import { Kysely, PostgresDialect } from "kysely";
import { MikroORM as PgMikroORM } from "@mikro-orm/postgresql";
import { MikroORM as LibsqlMikroORM } from "@mikro-orm/libsql";
import type { MikroORM } from "@mikro-orm/core";
import { startPostgres } from "../test/support/db/postgres.js";
import { tempSqliteFile } from "../test/support/db/sqlite.js";
import {
  MUser,
  Post,
  User,
  dPg,
  dSq,
  ddl,
  fmt,
  libsqlKyselyDialect,
  loadavg,
  machineLine,
  measure,
  orderNote,
  median,
  mikroEntities,
  writeSection,
  type KDB,
  type Measured,
  type Side,
} from "./orm-support.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const READ_ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PK_COUNT = Number(process.env.BENCH_PK ?? 10_000);
const NU = Number(process.env.BENCH_NESTED_USERS ?? 1_000);
const POSTS = 5;
const COMMENTS = 5;
const ONLY = process.env.BENCH_ONLY;
const SIDES = process.env.BENCH_SIDES;
const WORKLOADS = (process.env.BENCH_WORKLOADS ?? "read,get,nested").split(",");

type Db = "postgresql" | "sqlite";
interface PlainUser {
  id: number;
  name: string;
  email: string;
  score: number;
}
interface PlainComment {
  id: number;
  postId: number;
  body: string;
}
interface PlainPost {
  id: number;
  userId: number;
  title: string;
  comments: PlainComment[];
}

const toUser = (r: readonly unknown[]): PlainUser => ({ id: r[0] as number, name: r[1] as string, email: r[2] as string, score: r[3] as number });

/** What differs per database: the raw driver's calls. */
interface RawApi {
  begin(): Promise<void>;
  end(): Promise<void>;
  /** rows as arrays */
  query(sql: string, params: unknown[]): Promise<unknown[][]>;
  /** `IN (…)` / `= ANY($1)` over integer ids: the SQL fragment and its parameters */
  inList(column: string, ids: number[], first: number): { sql: string; params: unknown[] };
  ph(n: number): string;
}

interface Handles {
  db: Db;
  engine: sa.Engine;
  raw: RawApi;
  drizzleReadAll(): Promise<PlainUser[]>;
  drizzleGet(id: number): Promise<PlainUser | undefined>;
  drizzleNested(): Promise<{ posts: { comments: unknown[] }[] }[]>;
  kysely: Kysely<KDB>;
  mikro: MikroORM;
}

const nestedExpected = NU + NU * POSTS + NU * POSTS * COMMENTS;
const countNested = (users: readonly { posts: readonly { comments: readonly unknown[] }[] }[]): number => {
  let n = users.length;
  for (const u of users) {
    n += u.posts.length;
    for (const p of u.posts) n += p.comments.length;
  }
  return n;
};
const countMikro = (users: readonly MUser[]): number => {
  let n = users.length;
  for (const u of users) {
    const posts = u.posts.getItems();
    n += posts.length;
    for (const p of posts) n += p.comments.getItems().length;
  }
  return n;
};

/** users → posts → comments in three queries, stitched by hand (raw driver and kysely). */
async function threeQueries(
  users: PlainUser[],
  loadPosts: (ids: number[]) => Promise<{ id: number; userId: number; title: string }[]>,
  loadComments: (ids: number[]) => Promise<PlainComment[]>,
): Promise<(PlainUser & { posts: PlainPost[] })[]> {
  const byUser = new Map<number, PlainPost[]>();
  const out = users.map((u) => {
    const posts: PlainPost[] = [];
    byUser.set(u.id, posts);
    return { ...u, posts };
  });
  const posts = await loadPosts(users.map((u) => u.id));
  const byPost = new Map<number, PlainComment[]>();
  for (const p of posts) {
    const comments: PlainComment[] = [];
    byPost.set(p.id, comments);
    byUser.get(p.userId)!.push({ ...p, comments });
  }
  const comments = await loadComments(posts.map((p) => p.id));
  for (const c of comments) byPost.get(c.postId)!.push(c);
  return out;
}

async function runSuite(h: Handles): Promise<Measured[]> {
  const { db, engine, raw, kysely } = h;
  const results: Measured[] = [];
  const usersSql = "SELECT id, name, email, score FROM users";
  const byPkSql = `SELECT id, name, email, score FROM users WHERE id = ${raw.ph(1)}`;
  let session: Session | null = null;
  const closeSession = async () => {
    await session?.close();
    session = null;
  };
  const rawEnd = () => raw.end();

  if (WORKLOADS.includes("read")) {
    const sides: Side[] = [
      {
        name: "alkahest",
        async run() {
          session = new Session(engine);
          const users = await session.scalars(sa.select(User)).all();
          return users.length;
        },
        teardown: closeSession,
      },
      {
        name: "raw",
        async run() {
          await raw.begin();
          const rows = await raw.query(usersSql, []);
          const users = rows.map(toUser);
          return users.length;
        },
        teardown: rawEnd,
      },
      { name: "drizzle-orm", run: async () => (await h.drizzleReadAll()).length },
      { name: "kysely", run: async () => (await kysely.selectFrom("users").select(["id", "name", "email", "score"]).execute()).length },
      { name: "mikro-orm", run: async () => (await h.mikro.em.fork().find(MUser, {})).length },
    ];
    results.push(
      await measure(db, `load ${READ_ROWS} rows as entities`, sides, {
        runs: RUNS,
        warmup: WARMUP,
        only: SIDES,
        verify: (side, n) => {
          if (n !== READ_ROWS) throw new Error(`${db} ${side}: loaded ${n} rows, expected ${READ_ROWS}`);
        },
      }),
    );
  }

  if (WORKLOADS.includes("get")) {
    const want = (PK_COUNT * (PK_COUNT + 1)) / 2;
    const sides: Side[] = [
      {
        name: "alkahest",
        async run() {
          const s = (session = new Session(engine));
          let sum = 0;
          for (let i = 1; i <= PK_COUNT; i++) sum += (await s.get(User, i))!.id;
          if (s.identityMap.size !== PK_COUNT) throw new Error("identity map size");
          return sum;
        },
        teardown: closeSession,
      },
      {
        name: "raw",
        async run() {
          await raw.begin();
          let sum = 0;
          for (let i = 1; i <= PK_COUNT; i++) {
            const rows = await raw.query(byPkSql, [i]);
            sum += toUser(rows[0]!).id;
          }
          return sum;
        },
        teardown: rawEnd,
      },
      {
        name: "drizzle-orm",
        async run() {
          let sum = 0;
          for (let i = 1; i <= PK_COUNT; i++) sum += (await h.drizzleGet(i))!.id;
          return sum;
        },
      },
      {
        name: "kysely",
        async run() {
          let sum = 0;
          for (let i = 1; i <= PK_COUNT; i++) sum += (await kysely.selectFrom("users").select(["id", "name", "email", "score"]).where("id", "=", i).executeTakeFirstOrThrow()).id;
          return sum;
        },
      },
      {
        name: "mikro-orm",
        async run() {
          const em = h.mikro.em.fork();
          let sum = 0;
          for (let i = 1; i <= PK_COUNT; i++) sum += (await em.findOneOrFail(MUser, i)).id;
          return sum;
        },
      },
    ];
    results.push(
      await measure(db, `session.get × ${PK_COUNT} (identity-map miss)`, sides, {
        runs: RUNS,
        warmup: WARMUP,
        only: SIDES,
        verify: (side, n) => {
          if (n !== want) throw new Error(`${db} ${side}: checksum ${n}, expected ${want}`);
        },
      }),
    );
  }

  if (WORKLOADS.includes("nested")) {
    const usersWhere = `${usersSql} WHERE id <= ${raw.ph(1)}`;
    const sides: Side[] = [
      {
        name: "alkahest selectin",
        async run() {
          session = new Session(engine);
          const users = await session.scalars(sa.select(User).where(User.id.le(NU)).options(selectinload(User.posts).selectinload(Post.comments))).all();
          return countNested(users);
        },
        teardown: closeSession,
      },
      {
        name: "alkahest joined",
        async run() {
          session = new Session(engine);
          const users = await session.scalars(sa.select(User).where(User.id.le(NU)).options(joinedload(User.posts).joinedload(Post.comments))).unique().all();
          return countNested(users);
        },
        teardown: closeSession,
      },
      {
        name: "raw",
        async run() {
          await raw.begin();
          const users = (await raw.query(usersWhere, [NU])).map(toUser);
          const nested = await threeQueries(
            users,
            async (ids) => {
              const w = raw.inList("user_id", ids, 1);
              return (await raw.query(`SELECT id, user_id, title FROM posts WHERE ${w.sql}`, w.params)).map((r) => ({ id: r[0] as number, userId: r[1] as number, title: r[2] as string }));
            },
            async (ids) => {
              const w = raw.inList("post_id", ids, 1);
              return (await raw.query(`SELECT id, post_id, body FROM comments WHERE ${w.sql}`, w.params)).map((r) => ({ id: r[0] as number, postId: r[1] as number, body: r[2] as string }));
            },
          );
          return countNested(nested);
        },
        teardown: rawEnd,
      },
      { name: "drizzle-orm", run: async () => countNested(await h.drizzleNested()) },
      {
        name: "kysely",
        async run() {
          const users = await kysely.selectFrom("users").select(["id", "name", "email", "score"]).where("id", "<=", NU).execute();
          const nested = await threeQueries(
            users,
            async (ids) => (await kysely.selectFrom("posts").select(["id", "user_id", "title"]).where("user_id", "in", ids).execute()).map((p) => ({ id: p.id, userId: p.user_id, title: p.title })),
            async (ids) => (await kysely.selectFrom("comments").select(["id", "post_id", "body"]).where("post_id", "in", ids).execute()).map((c) => ({ id: c.id, postId: c.post_id, body: c.body })),
          );
          return countNested(nested);
        },
      },
      { name: "mikro-orm select-in", run: async () => countMikro(await h.mikro.em.fork().find(MUser, { id: { $lte: NU } }, { populate: ["posts.comments"], strategy: "select-in" })) },
      { name: "mikro-orm joined", run: async () => countMikro(await h.mikro.em.fork().find(MUser, { id: { $lte: NU } }, { populate: ["posts.comments"], strategy: "joined" })) },
    ];
    results.push(
      await measure(db, `nested ${NU} users → ${NU * POSTS} posts → ${NU * POSTS * COMMENTS} comments`, sides, {
        runs: RUNS,
        warmup: WARMUP,
        only: SIDES,
        verify: (side, n) => {
          if (n !== nestedExpected) throw new Error(`${db} ${side}: loaded ${n} objects, expected ${nestedExpected}`);
        },
      }),
    );
  }
  return results;
}

// ---- data --------------------------------------------------------------------------------------
const seedPg = [
  `INSERT INTO users (id, name, email, score) SELECT i, 'user ' || i, 'user' || i || '@example.com', i % 1000 FROM generate_series(1, ${Math.max(READ_ROWS, PK_COUNT, NU)}) AS i`,
  `INSERT INTO posts (id, user_id, title) SELECT i, (i - 1) / ${POSTS} + 1, 'post ' || i FROM generate_series(1, ${NU * POSTS}) AS i`,
  `INSERT INTO comments (id, post_id, body) SELECT i, (i - 1) / ${COMMENTS} + 1, 'comment ' || i FROM generate_series(1, ${NU * POSTS * COMMENTS}) AS i`,
  "VACUUM ANALYZE",
];
const series = (n: number) => `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})`;
const seedSqlite = [
  `${series(Math.max(READ_ROWS, PK_COUNT, NU))} INSERT INTO users (id, name, email, score) SELECT i, 'user ' || i, 'user' || i || '@example.com', i % 1000 FROM s`,
  `${series(NU * POSTS)} INSERT INTO posts (id, user_id, title) SELECT i, (i - 1) / ${POSTS} + 1, 'post ' || i FROM s`,
  `${series(NU * POSTS * COMMENTS)} INSERT INTO comments (id, post_id, body) SELECT i, (i - 1) / ${COMMENTS} + 1, 'comment ' || i FROM s`,
  "ANALYZE",
];

// ---- PostgreSQL --------------------------------------------------------------------------------
async function benchPostgres(): Promise<{ results: Measured[]; version: string }> {
  const server = await startPostgres();
  try {
    const client = new pgModule.Client({ connectionString: server.url });
    await client.connect();
    for (const q of [...ddl("postgresql"), ...seedPg]) await client.query(q);
    const engine = sa.createEngine({ driver: pgAdapter(server.url) });
    const dPool = new pgModule.Pool({ connectionString: server.url, max: 1 });
    const kPool = new pgModule.Pool({ connectionString: server.url, max: 1 });
    const ddb = drizzlePg({ client: dPool, schema: dPg });
    const kysely = new Kysely<KDB>({ dialect: new PostgresDialect({ pool: kPool }) });
    const mikro = await PgMikroORM.init({ entities: mikroEntities, clientUrl: server.url, debug: false, allowGlobalContext: true, pool: { min: 1, max: 1 } });
    const h: Handles = {
      db: "postgresql",
      engine,
      kysely,
      mikro: mikro as unknown as MikroORM,
      raw: {
        begin: async () => void (await client.query("BEGIN")),
        end: async () => void (await client.query("ROLLBACK")),
        query: async (text, values) => (await client.query({ text, values, rowMode: "array" })).rows as unknown[][],
        inList: (column, ids, first) => ({ sql: `${column} = ANY($${first})`, params: [ids] }),
        ph: (n) => `$${n}`,
      },
      drizzleReadAll: () => ddb.select().from(dPg.users),
      drizzleGet: async (id) => (await ddb.select().from(dPg.users).where(eq(dPg.users.id, id)))[0],
      drizzleNested: () => ddb.query.users.findMany({ where: (u, { lte }) => lte(u.id, NU), with: { posts: { with: { comments: true } } } }),
    };
    try {
      const results = await runSuite(h);
      return { results, version: server.version.split(" on ")[0] ?? server.version };
    } finally {
      await mikro.close(true);
      await kysely.destroy();
      await dPool.end();
      await engine.dispose();
      await client.end();
    }
  } finally {
    await server.stop();
  }
}

// ---- SQLite (libsql file) ------------------------------------------------------------------------
async function benchSqlite(): Promise<Measured[]> {
  const file = await tempSqliteFile("orm-read.db");
  try {
    const client: LibsqlClientT = createClient({ url: file.url, concurrency: 1 });
    for (const q of [...ddl("sqlite"), ...seedSqlite]) await client.execute(q);
    const engine = sa.createEngine({ driver: libsqlAdapter(file.url) });
    const dClient = createClient({ url: file.url, concurrency: 1 });
    const kClient = createClient({ url: file.url, concurrency: 1 });
    const ddb = drizzleLibsql({ client: dClient, schema: dSq });
    const kysely = new Kysely<KDB>({ dialect: libsqlKyselyDialect(kClient) });
    const mikro = await LibsqlMikroORM.init({ entities: mikroEntities, dbName: file.path, debug: false, allowGlobalContext: true });
    let tx: LibsqlTx | null = null;
    const h: Handles = {
      db: "sqlite",
      engine,
      kysely,
      mikro: mikro as unknown as MikroORM,
      raw: {
        // the transaction mode alkahest's libsql adapter opens (BEGIN DEFERRED)
        begin: async () => void (tx = await client.transaction("deferred")),
        end: async () => {
          await tx?.rollback();
          tx?.close();
          tx = null;
        },
        query: async (sql, args) => (await (tx ?? client).execute({ sql, args: args as never })).rows as unknown as unknown[][],
        inList: (column, ids) => ({ sql: `${column} IN (${ids.map(() => "?").join(", ")})`, params: ids }),
        ph: () => "?",
      },
      drizzleReadAll: () => ddb.select().from(dSq.users),
      drizzleGet: async (id) => (await ddb.select().from(dSq.users).where(eq(dSq.users.id, id)))[0],
      drizzleNested: () => ddb.query.users.findMany({ where: (u, { lte }) => lte(u.id, NU), with: { posts: { with: { comments: true } } } }),
    };
    try {
      return await runSuite(h);
    } finally {
      await mikro.close(true);
      await kysely.destroy();
      dClient.close();
      kClient.close();
      await engine.dispose();
      client.close();
    }
  } finally {
    await file.remove();
  }
}

// ---- main ----------------------------------------------------------------------------------------
const GOALS: Record<string, number> = { load: 1.5, "session.get": 1.3 };

async function main(): Promise<void> {
  const load0 = loadavg();
  const t0 = performance.now();
  console.log(`orm-read bench: ${RUNS} runs after ${WARMUP} warm-up; load ${load0.toFixed(2)}${globalThis.gc ? "" : " (no --expose-gc)"}`);
  const results: Measured[] = [];
  let pgVersion = "";
  if (ONLY !== "sqlite") {
    const p = await benchPostgres();
    results.push(...p.results);
    pgVersion = p.version;
  }
  if (ONLY !== "pg") results.push(...(await benchSqlite()));
  const load1 = loadavg();
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (process.env.BENCH_NO_DOC || ONLY || SIDES || process.env.BENCH_WORKLOADS) return;

  const table = (m: Measured) => {
    const raw = median(m.times.get("raw") ?? []);
    const goalKey = Object.keys(GOALS).find((k) => m.workload.startsWith(k));
    return [...m.times].map(([side, t]) => {
      const med = median(t);
      const ratio = med / raw;
      const goal = goalKey && side === "alkahest" ? `${ratio <= GOALS[goalKey]! ? "met" : "NOT met"} (≤ ${GOALS[goalKey]}×)` : "";
      return `| ${m.db} | ${m.workload} | ${side} | ${fmt(med)} | ${fmt(Math.min(...t))} | ${side === "raw" ? "1.00×" : ratio.toFixed(2) + "×"} | ${goal} |`;
    });
  };
  const section = [
    "## ORM read",
    "",
    machineLine("npm run bench:orm-read", pgVersion, [load0, load1]),
    "",
    `Data: ${Math.max(READ_ROWS, PK_COUNT)} users (id, name varchar(50), email varchar(100), score integer); the first ${NU} users have ${POSTS} posts each, each post ${COMMENTS} comments (indexes on the foreign keys).`,
    "",
    `Workloads: **load ${READ_ROWS} rows as entities** — alkahest \`session.scalars(select(User)).all()\` in a new session (empty identity map; every row becomes a tracked \`User\` in the identity map); raw: one SELECT, each row mapped to a plain object; drizzle-orm \`db.select().from(users)\`; kysely \`selectFrom("users").select([...]).execute()\`; mikro-orm \`em.fork().find(User, {})\`. ` +
      `**session.get × ${PK_COUNT}** — \`session.get(User, i)\` for i = 1…${PK_COUNT} in one new session (each a miss: one SELECT by primary key); raw: the same SELECT with the id bound, mapped to an object; drizzle-orm \`select().from(users).where(eq(users.id, i))\`; kysely \`…where("id", "=", i).executeTakeFirstOrThrow()\`; mikro-orm \`em.findOneOrFail(User, i)\` on one fork (a miss too). ` +
      `**nested** — the first ${NU} users with their posts and the posts' comments: alkahest \`selectinload(User.posts).selectinload(Post.comments)\` (3 statements) and \`joinedload(User.posts).joinedload(Post.comments)\` + \`.unique()\` (1 statement, ${NU * POSTS * COMMENTS} joined rows); drizzle-orm's relational query \`db.query.users.findMany({ where, with: { posts: { with: { comments: true } } } })\` (one statement with JSON aggregation); mikro-orm \`find(User, { id: { $lte } }, { populate: ["posts.comments"], strategy })\` with \`select-in\` and \`joined\`; kysely and the raw driver run the same three queries as selectin (\`IN (…)\` on SQLite, \`= ANY($1)\` on PostgreSQL) and stitch the objects by hand.`,
    "",
    "Transactions: alkahest's Session opens a transaction on its first statement (pg `BEGIN`; libsql `client.transaction(\"deferred\")`), so the raw side opens the same transaction before its statements (both roll back untimed after the run). drizzle-orm, kysely and mikro-orm run in autocommit, as they do by default. " +
      `Every run checks its result (row counts; the sum of ids for the get loop; users + posts + comments loaded for nested). ${orderNote(RUNS, WARMUP)}; "best" is the fastest run.`,
    "",
    "| database | workload | library | median ms | best ms | / raw | goal (alkahest) |",
    "|---|---|---|---:|---:|---:|---|",
    ...results.flatMap(table),
    "",
  ].join("\n");
  writeSection("ORM read", section);
}

await main();
