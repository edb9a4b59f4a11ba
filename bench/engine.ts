/**
 * Engine benchmark: alkahest `Connection.execute` against the raw driver, on PostgreSQL (an
 * embedded server started by this script) and SQLite (a libsql file in a temp dir), in one run.
 *
 *   npm run bench:engine             (tsx bench/engine.ts; writes docs/BENCHMARKS.md "Engine")
 *
 * Workloads:
 *   pk    — PK_COUNT primary-key selects, one statement each, on one connection:
 *           alkahest builds `select(...).where(t.c.id.eq(i))` and executes it every iteration;
 *           the raw driver sends the same SQL text with the same parameter.
 *   read  — one select of READ_ROWS rows × 6 columns (integer, text, text, boolean, timestamp,
 *           numeric), fully materialised.
 *
 * Both sides are transactional: alkahest autobegins on its first execute (pg `BEGIN`; libsql
 * `client.transaction("write")`), so the raw loop opens the same transaction first. The pg raw
 * baseline uses `rowMode: "array"` and the adapter's own per-query type parsers; the libsql one
 * uses `client.transaction("write")` + `tx.execute({ sql, args })` on a client configured as the
 * adapter configures its own (`concurrency: 1`).
 *
 * Each workload: WARMUP runs of each side, then RUNS runs alternating alkahest / raw; the median
 * is reported. Environment: BENCH_RUNS, BENCH_WARMUP, BENCH_PK, BENCH_ROWS, BENCH_ONLY=pg|sqlite,
 * BENCH_NO_DOC=1 (do not write the doc), BENCH_ONLY_SIDE=alkahest|raw (profiling).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import pgModule from "pg";
import { createClient, type Client as LibsqlClientT } from "@libsql/client";
import * as sa from "alkahest";
import { pg as pgAdapter } from "alkahest/adapters/pg";
import { libsql as libsqlAdapter } from "alkahest/adapters/libsql";
import { pgTypeParsers } from "../adapters/pg/connection.js";
import type { PgTypesRegistry } from "../adapters/pg/client-types.js";
import { startPostgres } from "../test/support/db/postgres.js";
import { tempSqliteFile } from "../test/support/db/sqlite.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PK_COUNT = Number(process.env.BENCH_PK ?? 10_000);
const READ_ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ONLY = process.env.BENCH_ONLY;
const ONLY_SIDE = process.env.BENCH_ONLY_SIDE;

// ---- schema ------------------------------------------------------------------------------------
const md = new sa.MetaData();
const users = new sa.Table("bench_users", md,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("name", sa.String(50), { nullable: false }),
  new sa.Column("email", sa.Text),
  new sa.Column("active", sa.Boolean),
  new sa.Column("created_at", sa.DateTime),
  new sa.Column("balance", sa.Numeric(12, 2)),
);
const cols = [users.c.id, users.c.name, users.c.email, users.c.active, users.c.created_at, users.c.balance] as const;
const pkStmt = (i: number) => sa.select(...cols).where(users.c.id.eq(i));
const readStmt = () => sa.select(...cols);

// ---- helpers -----------------------------------------------------------------------------------
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Side {
  name: "alkahest" | "raw";
  run(): Promise<number>; // returns a checksum so that nothing is optimised away
}

interface Measured {
  db: string;
  workload: string;
  alkahest: number[];
  raw: number[];
}

async function measure(db: string, workload: string, alk: Side, raw: Side): Promise<Measured> {
  const sides = ONLY_SIDE === "alkahest" ? [alk] : ONLY_SIDE === "raw" ? [raw] : [alk, raw];
  const out: Measured = { db, workload, alkahest: [], raw: [] };
  for (let w = 0; w < WARMUP; w++) for (const s of sides) await s.run();
  for (let r = 0; r < RUNS; r++) {
    // alternate the order so that drift (load, GC, server caches) does not favour one side
    const order = r % 2 ? [...sides].reverse() : sides;
    for (const s of order) {
      globalThis.gc?.();
      const t0 = performance.now();
      await s.run();
      out[s.name].push(performance.now() - t0);
    }
  }
  const a = out.alkahest.length ? median(out.alkahest) : NaN;
  const b = out.raw.length ? median(out.raw) : NaN;
  console.log(`${db.padEnd(10)} ${workload.padEnd(26)} alkahest ${a.toFixed(1).padStart(8)} ms   raw ${b.toFixed(1).padStart(8)} ms   ratio ${(a / b).toFixed(3)}`);
  return out;
}

/**
 * For the PK loops: each run does PK_COUNT statements per side, interleaved in blocks of BLOCK
 * statements (alternating which side goes first), and sums each side's time. On a shared machine
 * the load drifts within seconds; interleaving keeps both sides under the same conditions.
 */
const BLOCK = 250;
interface BlockSide {
  name: "alkahest" | "raw";
  begin(): Promise<void>;
  block(from: number, to: number): Promise<number>;
  end(): Promise<void>;
}

async function measureInterleaved(db: string, workload: string, alk: BlockSide, raw: BlockSide): Promise<Measured> {
  const sides = ONLY_SIDE === "alkahest" ? [alk] : ONLY_SIDE === "raw" ? [raw] : [alk, raw];
  const out: Measured = { db, workload, alkahest: [], raw: [] };
  for (let r = -WARMUP; r < RUNS; r++) {
    globalThis.gc?.();
    const spent = new Map<string, number>(sides.map((s) => [s.name, 0]));
    const timed = async (s: BlockSide, f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      spent.set(s.name, spent.get(s.name)! + performance.now() - t0);
    };
    for (const s of sides) await timed(s, () => s.begin());
    for (let from = 1, b = 0; from <= PK_COUNT; from += BLOCK, b++) {
      const to = Math.min(PK_COUNT, from + BLOCK - 1);
      for (const s of (b + r) % 2 ? [...sides].reverse() : sides) await timed(s, () => s.block(from, to));
    }
    for (const s of sides) await timed(s, () => s.end());
    if (r >= 0) for (const s of sides) out[s.name].push(spent.get(s.name)!);
  }
  const a = out.alkahest.length ? median(out.alkahest) : NaN;
  const b = out.raw.length ? median(out.raw) : NaN;
  console.log(`${db.padEnd(10)} ${workload.padEnd(26)} alkahest ${a.toFixed(1).padStart(8)} ms   raw ${b.toFixed(1).padStart(8)} ms   ratio ${(a / b).toFixed(3)}`);
  return out;
}

// ---- PostgreSQL --------------------------------------------------------------------------------
async function benchPostgres(): Promise<{ results: Measured[]; version: string }> {
  const server = await startPostgres();
  const results: Measured[] = [];
  try {
    const setup = new pgModule.Client({ connectionString: server.url });
    await setup.connect();
    await setup.query(`CREATE TABLE bench_users (id integer PRIMARY KEY, name varchar(50) NOT NULL, email text, active boolean, created_at timestamp, balance numeric(12,2))`);
    await setup.query(
      `INSERT INTO bench_users SELECT i, 'user ' || i, 'user' || i || '@example.com', i % 3 = 0,
         timestamp '2024-01-01 00:00:00' + i * interval '1 minute' + (i % 1000) * interval '1 millisecond', (i * 7 % 100000) / 100.0
       FROM generate_series(1, $1) AS i`,
      [Math.max(READ_ROWS, PK_COUNT)],
    );
    await setup.query("VACUUM ANALYZE bench_users");
    await setup.end();

    const engine = sa.createEngine({ driver: pgAdapter(server.url) });
    const conn = await engine.connect();
    const types = pgTypeParsers(pgModule.types as unknown as PgTypesRegistry);
    const raw = new pgModule.Client({ connectionString: server.url });
    await raw.connect();
    const pkSql = engine.compile(pkStmt(1)).sql;
    const readSql = engine.compile(readStmt()).sql;

    // PK selects: one transaction per run on each side (alkahest: autobegin → BEGIN … ROLLBACK)
    results.push(await measureInterleaved("postgresql", `${PK_COUNT} PK selects`, {
      name: "alkahest",
      async begin() {},
      async block(from, to) {
        let sum = 0;
        for (let i = from; i <= to; i++) {
          const r = await conn.execute(pkStmt(i));
          sum += r.one().id as number;
        }
        return sum;
      },
      end: () => conn.rollback(),
    }, {
      name: "raw",
      async begin() {
        await raw.query("BEGIN");
      },
      async block(from, to) {
        let sum = 0;
        for (let i = from; i <= to; i++) {
          const r = await raw.query({ text: pkSql, values: [i], rowMode: "array", types } as pgModule.QueryArrayConfig);
          if (r.rows.length !== 1) throw new Error("expected one row");
          sum += r.rows[0]![0] as number;
        }
        return sum;
      },
      async end() {
        await raw.query("ROLLBACK");
      },
    }));

    results.push(await measure("postgresql", `read ${READ_ROWS} rows`, {
      name: "alkahest",
      async run() {
        const r = await conn.execute(readStmt());
        await conn.rollback();
        const rows = r.all();
        if (rows.length !== READ_ROWS) throw new Error(`expected ${READ_ROWS} rows, got ${rows.length}`);
        return rows.length;
      },
    }, {
      name: "raw",
      async run() {
        await raw.query("BEGIN");
        const r = await raw.query({ text: readSql, values: [], rowMode: "array", types } as pgModule.QueryArrayConfig);
        await raw.query("ROLLBACK");
        if (r.rows.length !== READ_ROWS) throw new Error(`expected ${READ_ROWS} rows`);
        return r.rows.length;
      },
    }));

    await conn.close();
    await engine.dispose();
    await raw.end();
    return { results, version: server.version.split(" on ")[0] ?? server.version };
  } finally {
    await server.stop();
  }
}

// ---- SQLite (libsql file) ------------------------------------------------------------------------
async function benchSqlite(): Promise<Measured[]> {
  const file = await tempSqliteFile("bench.db");
  const results: Measured[] = [];
  try {
    const setup = createClient({ url: file.url });
    await setup.execute(`CREATE TABLE bench_users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, email TEXT, active BOOLEAN, created_at DATETIME, balance NUMERIC(12, 2))`);
    await setup.execute({
      sql: `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
            INSERT INTO bench_users SELECT i, 'user ' || i, 'user' || i || '@example.com', i % 3 = 0,
              strftime('%Y-%m-%d %H:%M:%f', '2024-01-01 00:00:00', '+' || i || ' minutes', '+' || (i % 1000) / 1000.0 || ' seconds'),
              (i * 7 % 100000) / 100.0
            FROM s`,
      args: [Math.max(READ_ROWS, PK_COUNT)],
    });
    setup.close();

    const engine = sa.createEngine({ driver: libsqlAdapter(file.url) });
    const conn = await engine.connect();
    const raw: LibsqlClientT = createClient({ url: file.url, concurrency: 1 });
    const pkSql = engine.compile(pkStmt(1)).sql;
    const readSql = engine.compile(readStmt()).sql;

    // SQLite allows one write transaction per file, so the interleaved sides cannot both hold one
    // for the whole run: here each block of BLOCK statements is one transaction on each side.
    results.push(await measureInterleaved("sqlite", `${PK_COUNT} PK selects`, {
      name: "alkahest",
      async begin() {},
      async block(from, to) {
        let sum = 0;
        for (let i = from; i <= to; i++) {
          const r = await conn.execute(pkStmt(i));
          sum += r.one().id as number;
        }
        await conn.rollback();
        return sum;
      },
      async end() {},
    }, {
      name: "raw",
      async begin() {},
      async block(from, to) {
        let sum = 0;
        const tx = await raw.transaction("write");
        try {
          for (let i = from; i <= to; i++) {
            const r = await tx.execute({ sql: pkSql, args: [i] });
            if (r.rows.length !== 1) throw new Error("expected one row");
            sum += r.rows[0]![0] as number;
          }
          await tx.rollback();
        } finally {
          tx.close();
        }
        return sum;
      },
      async end() {},
    }));

    results.push(await measure("sqlite", `read ${READ_ROWS} rows`, {
      name: "alkahest",
      async run() {
        const r = await conn.execute(readStmt());
        await conn.rollback();
        const rows = r.all();
        if (rows.length !== READ_ROWS) throw new Error(`expected ${READ_ROWS} rows, got ${rows.length}`);
        return rows.length;
      },
    }, {
      name: "raw",
      async run() {
        const tx = await raw.transaction("write");
        try {
          const r = await tx.execute({ sql: readSql, args: [] });
          await tx.rollback();
          if (r.rows.length !== READ_ROWS) throw new Error(`expected ${READ_ROWS} rows`);
          return r.rows.length;
        } finally {
          tx.close();
        }
      },
    }));

    await conn.close();
    await engine.dispose();
    raw.close();
    return results;
  } finally {
    await file.remove();
  }
}

// ---- main ----------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  console.log(`engine bench: ${RUNS} runs after ${WARMUP} warm-up runs; load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}${globalThis.gc ? "" : " (no --expose-gc: GC not forced between runs)"}`);
  const results: Measured[] = [];
  let pgVersion = "";
  if (ONLY !== "sqlite") {
    const r = await benchPostgres();
    results.push(...r.results);
    pgVersion = r.version;
  }
  if (ONLY !== "pg") results.push(...(await benchSqlite()));
  const loadAtEnd = os.loadavg()[0]!;
  if (process.env.BENCH_NO_DOC || ONLY || ONLY_SIDE) return;

  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const rows = results.map((m) => {
    const a = median(m.alkahest);
    const b = median(m.raw);
    const ratio = a / b;
    return `| ${m.db} | ${m.workload} | ${fmt(a)} | ${fmt(b)} | ${ratio.toFixed(3)}× | ${ratio <= 1.05 ? "met" : "NOT met"} | ${fmt(Math.min(...m.alkahest))} / ${fmt(Math.min(...m.raw))} |`;
  });
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  const date = new Date().toISOString().slice(0, 10);
  const libsqlVersion = (JSON.parse(readFileSync(new URL("../node_modules/@libsql/client/package.json", import.meta.url), "utf8")) as { version: string }).version;
  const pgDriverVersion = (JSON.parse(readFileSync(new URL("../node_modules/pg/package.json", import.meta.url), "utf8")) as { version: string }).version;
  const section = [
    "## Engine",
    "",
    `Machine: ${os.cpus().length} cores (${cpu}), Node ${process.versions.node}, ${os.platform()} ${os.arch()}; run on ${date} with \`npm run bench:engine\`; ${pgVersion} (embedded, loopback TCP, fsync off) with pg ${pgDriverVersion}; SQLite through @libsql/client ${libsqlVersion} (a file in a temp dir). 1-minute load average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at the end${Math.max(loadAtStart, loadAtEnd) > os.cpus().length * 0.5 ? " — the machine was busy with other work, so treat the figures as rough" : ""}.`,
    "",
    `Workloads: **${PK_COUNT} PK selects** — \`conn.execute(select(id, name, email, active, created_at, balance).where(users.c.id.eq(i)))\` for i = 1…${PK_COUNT} on one connection (the statement is built every iteration; compiled SQL comes from the dialect cache) and \`.one()\` on the result; **read ${READ_ROWS} rows** — one \`conn.execute(select(...))\` of all ${READ_ROWS} rows of a 6-column table (integer, varchar, text, boolean, timestamp, numeric(12,2)) and \`.all()\`.`,
    "",
    "Raw baselines: pg `client.query({ text, values, rowMode: \"array\", types })` with the adapter's own per-query type parsers (so int8/numeric/timestamp stay text as the adapter receives them); libsql `tx.execute({ sql, args })` on a client configured as the adapter's (`concurrency: 1`). Same SQL text as alkahest compiles. " +
      "**Both sides are equally transactional**: alkahest autobegins on the first execute of a connection (pg: one `BEGIN` for the whole loop; libsql: `client.transaction(\"write\")`), so each raw run opens the same transaction first (`BEGIN` / `client.transaction(\"write\")`) and both roll back at the end of the run. " +
      "Note that alkahest does more work than the raw driver on the read: its result processors turn timestamp text into `Date` (PostgreSQL and SQLite) and booleans stored as 0/1 into `true`/`false` (SQLite), and it builds `Row` objects (name, index, destructuring, `_mapping`).",
    "",
    `Each figure is the median of ${RUNS} runs after ${WARMUP} warm-up runs of each side. Reads: runs alternate which side goes first. PK selects: within a run the two sides are interleaved in blocks of ${BLOCK} statements (alternating which goes first) and each side's time is summed (including its BEGIN and ROLLBACK), so that load drift on a shared machine hits both alike (on SQLite, which allows one write transaction per file, each block is its own transaction on each side: 40 transactions per run). The last column is the fastest run of each side.`,
    "",
    "| database | workload | alkahest ms | raw ms | alkahest / raw | goal ≤ 1.05× | best ms (alkahest / raw) |",
    "|---|---|---:|---:|---:|---|---:|",
    ...rows,
    "",
  ].join("\n");
  const path = new URL("../docs/BENCHMARKS.md", import.meta.url);
  let doc = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n\n";
  const re = /## Engine\n[\s\S]*?(?=\n## |$)/;
  doc = re.test(doc) ? doc.replace(re, section) : doc.trimEnd() + "\n\n" + section;
  writeFileSync(path, doc);
  console.log(`\nwrote ${path.pathname}`);
}

await main();
