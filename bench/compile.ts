/**
 * Compile benchmark: µs per statement for alkahest (cache miss / cache hit), Kysely and
 * drizzle-orm, building and compiling the same PostgreSQL statements in the same run.
 *
 *   npm run bench:compile            (tsx bench/compile.ts; writes docs/BENCHMARKS.md "Compile")
 *
 * Each task runs a batch of BATCH operations per tinybench iteration (sub-µs operations are
 * below the timer's resolution otherwise) and reports the mean per operation.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import { Bench } from "tinybench";
import * as sa from "../src/index.js";
import { Kysely, DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { pgTable, integer, varchar, boolean as pgBoolean } from "drizzle-orm/pg-core";
import { PgDialect, QueryBuilder } from "drizzle-orm/pg-core";
import { and, eq, inArray, like, desc } from "drizzle-orm";

const BATCH = 100;
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000);

// ---- alkahest schema ------------------------------------------------------------------------------
const md = new sa.MetaData();
const users = new sa.Table("users", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("name", sa.String(50), { nullable: false }),
  new sa.Column("is_active", sa.Boolean),
);
const posts = new sa.Table("posts", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
  new sa.Column("title", sa.String(200)),
);
const pg = new sa.PostgreSQLDialect();

const alkA = (n: number) => sa.select(users.c.id, users.c.name).where(users.c.id.eq(n));
const alkB = (n: number) =>
  sa.select(users.c.id, users.c.name, posts.c.title)
    .join(posts, users.c.id.eq(posts.c.user_id))
    .where(users.c.name.eq("u" + n), posts.c.title.like("%t" + n + "%"), users.c.id.in([n, n + 1, n + 2, n + 3, n + 4]))
    .orderBy(users.c.id.desc())
    .limit(20);

// ---- Kysely -----------------------------------------------------------------------------------------
interface KDB {
  users: { id: number; name: string; is_active: boolean | null };
  posts: { id: number; user_id: number | null; title: string | null };
}
const kdb = new Kysely<KDB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const kyA = (n: number) => kdb.selectFrom("users").select(["users.id", "users.name"]).where("users.id", "=", n);
const kyB = (n: number) =>
  kdb.selectFrom("users")
    .innerJoin("posts", "users.id", "posts.user_id")
    .select(["users.id", "users.name", "posts.title"])
    .where("users.name", "=", "u" + n)
    .where("posts.title", "like", "%t" + n + "%")
    .where("users.id", "in", [n, n + 1, n + 2, n + 3, n + 4])
    .orderBy("users.id", "desc")
    .limit(20);

// ---- drizzle-orm ----------------------------------------------------------------------------------
const dUsers = pgTable("users", { id: integer("id").primaryKey(), name: varchar("name", { length: 50 }).notNull(), isActive: pgBoolean("is_active") });
const dPosts = pgTable("posts", { id: integer("id").primaryKey(), userId: integer("user_id"), title: varchar("title", { length: 200 }) });
const qb = new QueryBuilder(new PgDialect());
const drA = (n: number) => qb.select({ id: dUsers.id, name: dUsers.name }).from(dUsers).where(eq(dUsers.id, n));
const drB = (n: number) =>
  qb.select({ id: dUsers.id, name: dUsers.name, title: dPosts.title })
    .from(dUsers)
    .innerJoin(dPosts, eq(dUsers.id, dPosts.userId))
    .where(and(eq(dUsers.name, "u" + n), like(dPosts.title, "%t" + n + "%"), inArray(dUsers.id, [n, n + 1, n + 2, n + 3, n + 4])))
    .orderBy(desc(dUsers.id))
    .limit(20);

// ---- sanity: all three render the same statements ---------------------------------------------------
function show(): void {
  for (const [name, a, b] of [
    ["alkahest", alkA(1).compile({ dialect: pg }), alkB(1).compile({ dialect: pg })],
    ["kysely", kyA(1).compile(), kyB(1).compile()],
    ["drizzle", drA(1).toSQL(), drB(1).toSQL()],
  ] as const) {
    console.log(`${name.padEnd(9)} A: ${a.sql}`);
    console.log(`${"".padEnd(9)} B: ${b.sql}  ${JSON.stringify("params" in b ? b.params : b.parameters)}`);
  }
}

type Row = { lib: string; stmt: "A" | "B"; what: string; us: number; mean: number; rme: number };

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  show();
  const bench = new Bench({ time: TIME_MS, warmup: true });
  const rows: { lib: string; stmt: "A" | "B"; what: string; name: string }[] = [];
  const add = (lib: string, stmt: "A" | "B", what: string, fn: () => void) => {
    const name = `${lib} ${stmt} ${what}`;
    rows.push({ lib, stmt, what, name });
    bench.add(name, fn);
  };
  let n = 0;
  let sink: unknown;
  for (const stmt of ["A", "B"] as const) {
    const alk = stmt === "A" ? alkA : alkB;
    const ky = stmt === "A" ? kyA : kyB;
    const dr = stmt === "A" ? drA : drB;
    const prebuiltAlk = alk(7);
    const prebuiltKy = ky(7);
    const prebuiltDr = dr(7);
    // alkahest, compile only
    add("alkahest", stmt, "compile, cache miss", () => {
      for (let i = 0; i < BATCH; i++) { pg.cache.clear(); sink = prebuiltAlk.compile({ dialect: pg }); }
    });
    add("alkahest", stmt, "compile, cache hit", () => {
      for (let i = 0; i < BATCH; i++) sink = prebuiltAlk.compile({ dialect: pg });
    });
    // alkahest, build + compile
    add("alkahest", stmt, "build+compile, cache miss", () => {
      for (let i = 0; i < BATCH; i++) { pg.cache.clear(); sink = alk(n++).compile({ dialect: pg }); }
    });
    add("alkahest", stmt, "build+compile, cache hit", () => {
      for (let i = 0; i < BATCH; i++) sink = alk(n++).compile({ dialect: pg });
    });
    add("alkahest", stmt, "build only", () => {
      for (let i = 0; i < BATCH; i++) sink = alk(n++);
    });
    // Kysely (no compile cache)
    add("kysely", stmt, "compile", () => {
      for (let i = 0; i < BATCH; i++) sink = prebuiltKy.compile();
    });
    add("kysely", stmt, "build+compile", () => {
      for (let i = 0; i < BATCH; i++) sink = ky(n++).compile();
    });
    // drizzle-orm (no compile cache)
    add("drizzle", stmt, "compile", () => {
      for (let i = 0; i < BATCH; i++) sink = prebuiltDr.toSQL();
    });
    add("drizzle", stmt, "build+compile", () => {
      for (let i = 0; i < BATCH; i++) sink = dr(n++).toSQL();
    });
  }
  await bench.run();
  void sink;

  const out: Row[] = rows.map((r) => {
    const t = bench.getTask(r.name)!;
    const res = t.result as { state: string; latency?: { mean: number; p50: number; rme: number }; error?: unknown };
    if (res.state !== "completed" || !res.latency) throw new Error(`${r.name}: ${res.state} ${String(res.error ?? "")}`);
    // the median batch: robust against GC pauses and other load on a shared machine
    return { lib: r.lib, stmt: r.stmt, what: r.what, us: (res.latency.p50 * 1000) / BATCH, mean: (res.latency.mean * 1000) / BATCH, rme: res.latency.rme };
  });

  const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  const header = "| statement | library | operation | µs / statement (median) | µs (mean) | ± % (mean) |";
  const lines = [header, "|---|---|---|---:|---:|---:|", ...out.map((r) => `| ${r.stmt === "A" ? "A: PK select" : "B: join, 2 filters, IN(5), ORDER BY, LIMIT"} | ${r.lib} | ${r.what} | ${fmt(r.us)} | ${fmt(r.mean)} | ${r.rme.toFixed(1)} |`)];
  console.log("\n" + lines.join("\n"));

  const get = (lib: string, stmt: string, what: string) => out.find((r) => r.lib === lib && r.stmt === stmt && r.what === what)!.us;
  const summary: string[] = [];
  for (const s of ["A", "B"]) {
    const hit = get("alkahest", s, "compile, cache hit");
    const miss = get("alkahest", s, "compile, cache miss");
    const ky = get("kysely", s, "compile");
    const dz = get("drizzle", s, "compile");
    summary.push(`- ${s}: alkahest cache hit ${fmt(hit)} µs (goal < 1 µs: ${hit < 1 ? "met" : "NOT met"}); cache miss ${fmt(miss)} µs vs Kysely ${fmt(ky)} µs (goal ≤ Kysely: ${miss <= ky ? "met" : "NOT met"}), drizzle ${fmt(dz)} µs; build+compile (hit) ${fmt(get("alkahest", s, "build+compile, cache hit"))} µs vs Kysely ${fmt(get("kysely", s, "build+compile"))} µs, drizzle ${fmt(get("drizzle", s, "build+compile"))} µs.`);
  }
  console.log("\n" + summary.join("\n"));

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    "## Compile",
    "",
    `Machine: ${os.cpus().length} cores (${cpu}), Node ${process.versions.node}, ${os.platform()} ${os.arch()}; run on ${date} with \`npm run bench:compile\` (tinybench, ${TIME_MS} ms per task, batches of ${BATCH}; figures are per statement: the median batch, and the mean). 1-minute load average at start: ${loadAtStart.toFixed(1)}${loadAtStart > os.cpus().length * 0.5 ? " — the machine was busy with other work, so treat the figures as rough (the medians are the more reliable column)" : ""}.`,
    "",
    "Statements, PostgreSQL: **A** `select(users.c.id, users.c.name).where(users.c.id.eq(n))`; **B** users JOIN posts, `name = ?`, `title LIKE ?`, `id IN (5 values)`, `ORDER BY id DESC LIMIT 20`. ",
    "\"compile\" compiles a statement built once; \"build+compile\" builds the statement with new values every iteration, then compiles. ",
    "alkahest \"cache miss\" clears `dialect.cache` before every compile (identifier-quoting memo stays warm); \"cache hit\" reuses the structural cache. Kysely (`DummyDriver` + `PostgresQueryCompiler`) and drizzle-orm (`QueryBuilder` + `PgDialect`, `.toSQL()`) have no compile cache.",
    "",
    ...lines,
    "",
    ...summary,
    "",
  ].join("\n");
  const path = new URL("../docs/BENCHMARKS.md", import.meta.url);
  let doc = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n\n";
  const re = /## Compile\n[\s\S]*?(?=\n## |$)/;
  doc = re.test(doc) ? doc.replace(re, section) : doc.trimEnd() + "\n\n" + section;
  writeFileSync(path, doc);
  console.log(`\nwrote ${path.pathname}`);
}

await main();
