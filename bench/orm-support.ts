/**
 * Shared pieces of the ORM benchmarks (`bench/orm-flush.ts`, `bench/orm-read.ts`): one schema
 * (users → posts → comments) declared for alkahest, drizzle-orm, mikro-orm (EntitySchema, no
 * decorators) and kysely; the DDL per database; a kysely dialect over @libsql/client; timing and
 * the docs/BENCHMARKS.md writer.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import * as sa from "alkahest";
import { declarativeBase, mappedColumn, relationship } from "alkahest/orm";
import { relations } from "drizzle-orm";
import * as dpg from "drizzle-orm/pg-core";
import * as dsq from "drizzle-orm/sqlite-core";
import { Collection, EntitySchema } from "@mikro-orm/core";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Generated,
  type QueryResult,
} from "kysely";
import type { Client as LibsqlClient, InValue, Transaction as LibsqlTx } from "@libsql/client";

// ---- DDL (the same tables for every library) ------------------------------------------------------
export function ddl(db: "postgresql" | "sqlite"): string[] {
  const id = db === "postgresql" ? "serial PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return [
    `CREATE TABLE users (id ${id}, name varchar(50) NOT NULL, email varchar(100) NOT NULL, score integer NOT NULL)`,
    `CREATE TABLE posts (id ${id}, user_id integer NOT NULL REFERENCES users (id), title varchar(200) NOT NULL)`,
    `CREATE TABLE comments (id ${id}, post_id integer NOT NULL REFERENCES posts (id), body varchar(200) NOT NULL)`,
    `CREATE INDEX ix_posts_user_id ON posts (user_id)`,
    `CREATE INDEX ix_comments_post_id ON comments (post_id)`,
  ];
}

// ---- alkahest ------------------------------------------------------------------------------------
export const Base = declarativeBase({ naming: "snake_case" });

export class User extends Base.model("users", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  name: mappedColumn(sa.String(50)),
  email: mappedColumn(sa.String(100)),
  score: mappedColumn(sa.Integer),
  posts: relationship<Post[]>("Post", { backPopulates: "author" }),
}) {
  static {
    Base.register(this);
  }
}

export class Post extends Base.model("posts", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  userId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
  title: mappedColumn(sa.String(200)),
  author: relationship<User>("User", { backPopulates: "posts" }),
  comments: relationship<Comment[]>("Comment", { backPopulates: "post" }),
}) {
  static {
    Base.register(this);
  }
}

export class Comment extends Base.model("comments", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  postId: mappedColumn(sa.Integer, { foreignKey: "posts.id" }),
  body: mappedColumn(sa.String(200)),
  post: relationship<Post>("Post", { backPopulates: "comments" }),
}) {
  static {
    Base.register(this);
  }
}

// ---- drizzle-orm -----------------------------------------------------------------------------------
export const dPg = (() => {
  const users = dpg.pgTable("users", {
    id: dpg.serial("id").primaryKey(),
    name: dpg.varchar("name", { length: 50 }).notNull(),
    email: dpg.varchar("email", { length: 100 }).notNull(),
    score: dpg.integer("score").notNull(),
  });
  const posts = dpg.pgTable("posts", {
    id: dpg.serial("id").primaryKey(),
    userId: dpg.integer("user_id").notNull(),
    title: dpg.varchar("title", { length: 200 }).notNull(),
  });
  const comments = dpg.pgTable("comments", {
    id: dpg.serial("id").primaryKey(),
    postId: dpg.integer("post_id").notNull(),
    body: dpg.varchar("body", { length: 200 }).notNull(),
  });
  const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
  const postsRelations = relations(posts, ({ one, many }) => ({
    author: one(users, { fields: [posts.userId], references: [users.id] }),
    comments: many(comments),
  }));
  const commentsRelations = relations(comments, ({ one }) => ({ post: one(posts, { fields: [comments.postId], references: [posts.id] }) }));
  return { users, posts, comments, usersRelations, postsRelations, commentsRelations };
})();

export const dSq = (() => {
  const users = dsq.sqliteTable("users", {
    id: dsq.integer("id").primaryKey(),
    name: dsq.text("name").notNull(),
    email: dsq.text("email").notNull(),
    score: dsq.integer("score").notNull(),
  });
  const posts = dsq.sqliteTable("posts", {
    id: dsq.integer("id").primaryKey(),
    userId: dsq.integer("user_id").notNull(),
    title: dsq.text("title").notNull(),
  });
  const comments = dsq.sqliteTable("comments", {
    id: dsq.integer("id").primaryKey(),
    postId: dsq.integer("post_id").notNull(),
    body: dsq.text("body").notNull(),
  });
  const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
  const postsRelations = relations(posts, ({ one, many }) => ({
    author: one(users, { fields: [posts.userId], references: [users.id] }),
    comments: many(comments),
  }));
  const commentsRelations = relations(comments, ({ one }) => ({ post: one(posts, { fields: [comments.postId], references: [posts.id] }) }));
  return { users, posts, comments, usersRelations, postsRelations, commentsRelations };
})();

// ---- mikro-orm (EntitySchema: no decorators, no reflect-metadata) ----------------------------------
export class MUser {
  id!: number;
  name!: string;
  email!: string;
  score!: number;
  posts = new Collection<MPost>(this);
}
export class MPost {
  id!: number;
  user!: MUser;
  title!: string;
  comments = new Collection<MComment>(this);
}
export class MComment {
  id!: number;
  post!: MPost;
  body!: string;
}
export const mikroEntities = [
  new EntitySchema<MUser>({
    class: MUser,
    tableName: "users",
    properties: {
      id: { type: "integer", primary: true, autoincrement: true },
      name: { type: "string", length: 50 },
      email: { type: "string", length: 100 },
      score: { type: "integer" },
      posts: { kind: "1:m", entity: () => MPost, mappedBy: "user" },
    },
  }),
  new EntitySchema<MPost>({
    class: MPost,
    tableName: "posts",
    properties: {
      id: { type: "integer", primary: true, autoincrement: true },
      user: { kind: "m:1", entity: () => MUser, fieldName: "user_id" },
      title: { type: "string", length: 200 },
      comments: { kind: "1:m", entity: () => MComment, mappedBy: "post" },
    },
  }),
  new EntitySchema<MComment>({
    class: MComment,
    tableName: "comments",
    properties: {
      id: { type: "integer", primary: true, autoincrement: true },
      post: { kind: "m:1", entity: () => MPost, fieldName: "post_id" },
      body: { type: "string", length: 200 },
    },
  }),
];

// ---- kysely --------------------------------------------------------------------------------------
export interface KDB {
  users: { id: Generated<number>; name: string; email: string; score: number };
  posts: { id: Generated<number>; user_id: number; title: string };
  comments: { id: Generated<number>; post_id: number; body: string };
}

/** A minimal kysely Dialect over @libsql/client (kysely ships none for libsql). One connection, used serially. */
export function libsqlKyselyDialect(client: LibsqlClient): Dialect {
  class Conn implements DatabaseConnection {
    tx: LibsqlTx | null = null;
    async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
      const r = await (this.tx ?? client).execute({ sql: q.sql, args: q.parameters as InValue[] });
      const rows: R[] = new Array(r.rows.length);
      const cols = r.columns;
      for (let i = 0; i < r.rows.length; i++) {
        const src = r.rows[i]!;
        const o: Record<string, unknown> = {};
        for (let c = 0; c < cols.length; c++) o[cols[c]!] = src[c];
        rows[i] = o as R;
      }
      return { rows, numAffectedRows: BigInt(r.rowsAffected), insertId: r.lastInsertRowid };
    }
    // eslint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error("streaming is not implemented by the bench dialect");
    }
  }
  const conn = new Conn();
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return conn;
    },
    async beginTransaction(c) {
      (c as Conn).tx = await client.transaction("write");
    },
    async commitTransaction(c) {
      await (c as Conn).tx!.commit();
      (c as Conn).tx = null;
    },
    async rollbackTransaction(c) {
      await (c as Conn).tx!.rollback();
      (c as Conn).tx = null;
    },
    async releaseConnection() {},
    async destroy() {},
  };
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

// ---- timing --------------------------------------------------------------------------------------
export const median = (xs: readonly number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface Side {
  name: string;
  /** Untimed preparation before each run (fresh session, cleanup of the previous run's rows…). */
  setup?(): Promise<void>;
  /** The timed work; returns a checksum checked by the caller's `verify`. */
  run(): Promise<number>;
  /** Untimed clean-up after each run. */
  teardown?(): Promise<void>;
}

export interface Measured {
  db: string;
  workload: string;
  times: Map<string, number[]>;
  note?: string;
}

/**
 * The order of the sides in each round: a balanced Latin square (Williams design), in which every
 * side runs right after every other side equally often (a plain rotation keeps each side's
 * predecessor fixed, and a side that runs after a heavy one, e.g. mikro-orm's, is measurably
 * slower: the comparison would be biased against it). n rounds for an even n, 2n for an odd n.
 */
export function balancedOrders(n: number): number[][] {
  const first: number[] = [];
  for (let i = 0, lo = 0, hi = n - 1; i < n; i++) first.push(i % 2 === 0 ? lo++ : hi--);
  const rows = Array.from({ length: n }, (_, r) => first.map((x) => (x + r) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}

/** How `measure` orders and counts runs, for the reports. */
export function orderNote(runs: number, warmup: number): string {
  return (
    `Each figure is the median of at least ${runs} runs after ${warmup} warm-up round(s): whole rounds of a balanced Latin square, in which every side runs right after every other side equally often ` +
    `(10 runs with 5 sides, 14 with 7; a plain rotation kept each side's predecessor fixed, and the side run right after mikro-orm was measurably slower)`
  );
}

/**
 * WARMUP runs then at least RUNS runs of every side, whole rounds of `balancedOrders` (so the
 * number of runs is rounded up to a multiple of its length); `verify` checks each run's checksum.
 */
export async function measure(
  db: string,
  workload: string,
  sides: readonly Side[],
  opts: { runs: number; warmup: number; verify: (side: string, checksum: number) => void; only?: string | undefined },
): Promise<Measured> {
  const active = opts.only ? sides.filter((s) => opts.only!.split(",").includes(s.name)) : sides;
  const out: Measured = { db, workload, times: new Map(active.map((s) => [s.name, []])) };
  const orders = balancedOrders(active.length);
  const runs = Math.ceil(opts.runs / orders.length) * orders.length;
  for (let r = -opts.warmup; r < runs; r++) {
    const order = orders[((r % orders.length) + orders.length) % orders.length]!.map((i) => active[i]!);
    for (const s of order) {
      await s.setup?.();
      globalThis.gc?.();
      const t0 = performance.now();
      const checksum = await s.run();
      const dt = performance.now() - t0;
      await s.teardown?.();
      opts.verify(s.name, checksum);
      if (r >= 0) out.times.get(s.name)!.push(dt);
    }
  }
  const line = [...out.times].map(([n, t]) => `${n} ${fmt(median(t))}`).join(" | ");
  console.log(`${db.padEnd(10)} ${workload.padEnd(34)} ${line}`);
  if (process.env.BENCH_TIMES) for (const [n, t] of out.times) console.log(`  ${n}: ${t.map(fmt).join(" ")}`);
  return out;
}

export const fmt = (x: number): string => (!Number.isFinite(x) ? "n/a" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

export function pkgVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

export function machineLine(command: string, pgVersion: string, loads: [number, number]): string {
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  const date = new Date().toISOString().slice(0, 10);
  const busy = Math.max(...loads) > os.cpus().length * 0.5;
  return (
    `Machine: ${os.cpus().length} cores (${cpu}), Node ${process.versions.node}, ${os.platform()} ${os.arch()}; run on ${date} with \`${command}\`; ` +
    `${pgVersion || "PostgreSQL"} (embedded, loopback TCP, fsync off) with pg ${pkgVersion("pg")}; SQLite through @libsql/client ${pkgVersion("@libsql/client")} (a file in a temp dir); ` +
    `drizzle-orm ${pkgVersion("drizzle-orm")}, kysely ${pkgVersion("kysely")}, mikro-orm ${pkgVersion("@mikro-orm/core")} (its SQLite driver @mikro-orm/libsql goes through the \`libsql\` package ${pkgVersion("libsql")}, the native binding, not @libsql/client). ` +
    `1-minute load average ${loads[0].toFixed(1)} at start, ${loads[1].toFixed(1)} at the end${busy ? " — the machine (2 cores, shared with other engineers' test runs) was busy, so treat the figures as rough" : ""}.`
  );
}

/** Replaces (or appends) the `## heading` section of docs/BENCHMARKS.md. */
export function writeSection(heading: string, section: string): void {
  const path = new URL("../docs/BENCHMARKS.md", import.meta.url);
  let doc = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n\n";
  const esc = heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`## ${esc}\\n[\\s\\S]*?(?=\\n## |$)`);
  doc = re.test(doc) ? doc.replace(re, section) : doc.trimEnd() + "\n\n" + section;
  writeFileSync(path, doc);
  console.log(`wrote ${path.pathname} (## ${heading})`);
}

export const loadavg = (): number => os.loadavg()[0]!;
