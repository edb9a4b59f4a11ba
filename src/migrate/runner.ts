/**
 * `Migrator`: upgrade / downgrade / stamp / current against an engine, or offline SQL for a
 * dialect. Works from bundled modules (Workers, deploy scripts) or any {@link MigrationSource}.
 *
 * How a migration runs depends on the driver and the dialect:
 * - interactive transactions (pg, mysql2, libsql, neon-ws, tedious): each migration in its own
 *   transaction, the version-table update in the same one. Where the database has transactional
 *   DDL (PostgreSQL, SQLite, MSSQL) a failing migration leaves the previous revision; on MySQL DDL
 *   commits implicitly, so migrations go one at a time and the version row follows each one.
 *   `transactional = false` runs the statements one by one, each committed at once.
 * - no interactive transactions but an atomic batch (D1, neon-http): the migration's statements
 *   are collected and sent, with the version update, as ONE batch; a migration that needs results
 *   between its statements (`getBind()`, the result of `op.execute`) is refused.
 * - offline (`{ sql: true }`): the exact SQL, BEGIN/COMMIT included where transactional, without
 *   connecting.
 * @module
 */
import { ArgumentError } from "../errors.js";
import type { BaseDialect } from "../dialects/base/dialect.js";
import { BUILTIN_DIALECTS } from "../dialects/index.js";
import type { Connection, Engine } from "../engine/index.js";
import { text } from "../sql/elements/text.js";
import { BundledMigrationSource } from "./bundled-source.js";
import { OnlineContext, RecordingContext, rawText, type OpContext } from "./context.js";
import { RevisionError, RevisionGraph } from "./graph.js";
import { isMigrationSource, type MigrationSource } from "./migration-source.js";
import { Operations } from "./operations/operations.js";
import { setCurrentOperations } from "./operations/proxy.js";
import { Revision, type MigrationModule } from "./revision.js";
import { VersionTable } from "./version-table.js";

export type Direction = "upgrade" | "downgrade";

/** Reported for each revision as it runs (the CLI prints these with timing). */
export interface MigrationProgress {
  readonly phase: "start" | "done" | "failed";
  readonly direction: Direction;
  readonly revision: Revision;
  /** Milliseconds the step took (done / failed). */
  readonly ms?: number;
  readonly error?: unknown;
}

export interface MigratorOptions {
  /** The database (not needed for offline SQL when `dialect` is given). */
  engine?: Engine;
  /** Dialect for offline SQL without an engine: `"postgresql" | "mysql" | "mariadb" | "sqlite" | "mssql"` or an instance. */
  dialect?: string | BaseDialect;
  /** Migration modules (array or object of imported modules) or a source (e.g. the Node file source). */
  migrations: MigrationSource | readonly MigrationModule[] | Readonly<Record<string, MigrationModule>>;
  versionTable?: string;
  versionTableSchema?: string;
  onProgress?: (event: MigrationProgress) => void;
}

/** A migration that failed: names the step; `cause` is the original error. */
export class MigrationFailedError extends RevisionError {
  override name = "MigrationFailedError";
  constructor(
    readonly direction: Direction,
    readonly revision: string,
    cause: unknown,
  ) {
    super(`${direction} ${revision} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export class Migrator {
  readonly source: MigrationSource;
  readonly versionTable: VersionTable;
  private graphPromise: Promise<RevisionGraph> | null = null;

  constructor(readonly options: MigratorOptions) {
    const m = options.migrations;
    this.source = isMigrationSource(m) ? m : new BundledMigrationSource(m as readonly MigrationModule[]);
    this.versionTable = new VersionTable(options.versionTable, options.versionTableSchema);
  }

  /** The revision graph of the migrations (loaded once). */
  graph(): Promise<RevisionGraph> {
    this.graphPromise ??= this.source.load().then((list) => new RevisionGraph(list.map((l) => new Revision(l.module, l.path))));
    return this.graphPromise;
  }

  /** The dialect statements are rendered for. */
  get dialect(): BaseDialect {
    const d = this.options.dialect;
    if (d !== undefined) {
      if (typeof d !== "string") return d;
      const D = (BUILTIN_DIALECTS as Record<string, new () => BaseDialect>)[d];
      if (!D) throw new ArgumentError(`unknown dialect ${JSON.stringify(d)} (known: ${Object.keys(BUILTIN_DIALECTS).join(", ")})`);
      return new D();
    }
    if (this.options.engine) return this.options.engine.dialect;
    throw new ArgumentError("Migrator: pass an engine (or a dialect for offline SQL)");
  }

  private get engine(): Engine {
    if (!this.options.engine) throw new ArgumentError("Migrator: this command needs a database: pass { engine }");
    return this.options.engine;
  }

  /** The database's current heads (empty when at base or when the version table does not exist). */
  async current(): Promise<string[]> {
    return this.engine.connect(async (conn) => (await this.readVersion(conn)).heads);
  }

  /** Upgrades to `target` (default `heads`); with `{ sql: true }` returns the SQL instead (`"a:b"` ranges allowed). */
  upgrade(target?: string): Promise<string[]>;
  upgrade(target: string, options: { sql: true }): Promise<string>;
  upgrade(target: string, options?: { sql?: boolean }): Promise<string[] | string>;
  async upgrade(target = "heads", options: { sql?: boolean } = {}): Promise<string[] | string> {
    return options.sql ? this.offline("upgrade", target) : this.online("upgrade", target);
  }

  /** Downgrades to `target` (`-1`, `base`, a revision); offline needs `"<from>:<to>"`. */
  downgrade(target: string): Promise<string[]>;
  downgrade(target: string, options: { sql: true }): Promise<string>;
  downgrade(target: string, options?: { sql?: boolean }): Promise<string[] | string>;
  async downgrade(target: string, options: { sql?: boolean } = {}): Promise<string[] | string> {
    return options.sql ? this.offline("downgrade", target) : this.online("downgrade", target);
  }

  /** Sets the version table to `target` without running migrations. */
  async stamp(target: string, options: { sql?: boolean } = {}): Promise<string[] | string> {
    const graph = await this.graph();
    const vt = this.versionTable;
    if (options.sql) {
      const d = this.dialect;
      const [from, to] = target.includes(":") ? target.split(":") : [null, target];
      const start = from === null ? [] : graph.resolveTarget(from, null);
      const want = graph.resolveTarget(to!, start);
      const sql = [...(from === null ? [vt.createSQL(d)] : []), ...this.stampSQL(d, start, want)];
      return sql.map((s) => `${s};\n\n`).join("");
    }
    return this.engine.connect(async (conn) => {
      const { exists, heads } = await this.readVersion(conn);
      const want = graph.resolveTarget(target, heads);
      const d = conn.dialect;
      const sql = [...(exists ? [] : [vt.createSQL(d)]), ...this.stampSQL(d, heads, want)];
      await this.runStatements(conn, sql);
      return want;
    });
  }

  private stampSQL(d: BaseDialect, heads: readonly string[], want: readonly string[]): string[] {
    const vt = this.versionTable;
    return [...heads.filter((h) => !want.includes(h)).map((h) => vt.deleteSQL(d, h)), ...want.filter((w) => !heads.includes(w)).map((w) => vt.insertSQL(d, w))];
  }

  /** Statements outside any migration (stamp), in one transaction or batch. */
  private async runStatements(conn: Connection, sql: readonly string[]): Promise<void> {
    const caps = conn.engine.driver.capabilities;
    if (!caps.interactiveTransactions && caps.atomicBatch) {
      if (sql.length) await conn.batch(sql.map((s) => rawText(s)));
      return;
    }
    for (const s of sql) await conn.execute(rawText(s));
    await conn.commit();
  }

  /** Reads the version table: does it exist, and which heads does it hold. Leaves no transaction open. */
  private async readVersion(conn: Connection): Promise<{ exists: boolean; heads: string[] }> {
    const d = conn.dialect;
    const vt = this.versionTable;
    try {
      const namesSQL = d.tableNamesSQL();
      let exists = true;
      if (namesSQL && !vt.schema) {
        const names = (await conn.execute(text(namesSQL))).all().map((r) => String(r[0]));
        exists = names.includes(vt.name);
      }
      if (!exists) return { exists, heads: [] };
      const rows = (await conn.execute(rawText(vt.selectSQL(d)))).all();
      return { exists, heads: rows.map((r) => String(r[0])) };
    } finally {
      if (conn.inTransaction()) await conn.rollback();
    }
  }

  private async online(direction: Direction, targetSpec: string): Promise<string[]> {
    const graph = await this.graph();
    const vt = this.versionTable;
    return this.engine.connect(async (conn) => {
      const d = conn.dialect;
      let { exists, heads } = await this.readVersion(conn);
      for (const h of heads) if (!graph.has(h)) throw new RevisionError(`Can't locate revision identified by '${h}' (in the version table ${vt.name}); is a migration file missing?`);
      const plan = graph.plan(direction, heads, targetSpec);
      for (const rev of plan) {
        const step = direction === "upgrade" ? vt.upgradeStep(d, heads, rev) : vt.downgradeStep(d, graph, heads, rev);
        const pre = exists ? [] : [vt.createSQL(d)];
        const started = Date.now();
        this.options.onProgress?.({ phase: "start", direction, revision: rev });
        try {
          await this.runStep(conn, rev, direction, pre, step.sql);
        } catch (e) {
          this.options.onProgress?.({ phase: "failed", direction, revision: rev, ms: Date.now() - started, error: e });
          throw new MigrationFailedError(direction, rev.revision, e);
        }
        exists = true;
        heads = step.heads;
        this.options.onProgress?.({ phase: "done", direction, revision: rev, ms: Date.now() - started });
      }
      if (!exists && direction === "upgrade") await this.runStatements(conn, [vt.createSQL(d)]);
      return heads;
    });
  }

  /** One migration with its version-table statements, in the way the driver allows. */
  private async runStep(conn: Connection, rev: Revision, direction: Direction, pre: readonly string[], post: readonly string[]): Promise<void> {
    const driver = conn.engine.driver;
    const caps = driver.capabilities;
    if (!caps.interactiveTransactions && caps.atomicBatch) {
      const ctx = new RecordingContext(conn.dialect, "batch", conn, driver.name);
      await callScript(ctx, rev, direction);
      await conn.batch([...pre.map((s) => rawText(s)), ...ctx.statements.map((s) => s.element), ...post.map((s) => rawText(s))]);
      return;
    }
    const transactional = rev.transactional && caps.interactiveTransactions;
    const restoreForeignKeys = conn.dialect.name === "sqlite" ? await sqliteForeignKeysOff(conn) : false;
    if (transactional) await conn.begin();
    const ctx = new OnlineContext(conn, !transactional && caps.interactiveTransactions);
    try {
      for (const s of pre) await ctx.exec(s);
      await callScript(ctx, rev, direction);
      for (const s of post) await ctx.exec(s);
      await conn.commit();
    } catch (e) {
      if (conn.inTransaction()) await conn.rollback().catch(() => undefined);
      throw e;
    } finally {
      if (restoreForeignKeys) await conn.driverConnection?.execute({ sql: "PRAGMA foreign_keys = ON", params: [] }).catch(() => undefined);
    }
  }

  /** The statements of an offline upgrade from base to `heads` (empty when it cannot be rendered). */
  private async primeHistory(graph: RevisionGraph, d: BaseDialect, heads: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    try {
      for (const rev of graph.upgradePlan([], heads)) {
        const ctx = new RecordingContext(d, "offline", null, undefined, out);
        await callScript(ctx, rev, "upgrade");
        out.push(...ctx.statements.map((s) => s.sql));
      }
    } catch {
      return out; // what could be rendered; a copy of a table it misses fails with its own message
    }
    return out;
  }

  /** Offline SQL: `target` or `"<from>:<to>"`; downgrade needs the range (the database is not read). */
  private async offline(direction: Direction, spec: string): Promise<string> {
    const graph = await this.graph();
    const vt = this.versionTable;
    const d = this.dialect;
    let fromSpec: string | null = null;
    let toSpec = spec;
    const colon = spec.indexOf(":");
    if (colon >= 0) {
      fromSpec = spec.slice(0, colon);
      toSpec = spec.slice(colon + 1);
    } else if (direction === "downgrade") {
      throw new RevisionError("downgrade with --sql requires <fromrev>:<torev>");
    }
    let heads = fromSpec === null ? [] : graph.resolveTarget(fromSpec, null);
    const plan = graph.plan(direction, heads, toSpec);
    const out: string[] = [];
    let needCreate = direction === "upgrade" && heads.length === 0;
    // what the run rendered so far: SQLite batch mode (table copy) replays it to know a table's
    // definition, as no database can be read; a run that starts above base is primed with the
    // upgrade from base to its start (rendered, not printed)
    const history: string[] = d.name === "sqlite" && heads.length ? await this.primeHistory(graph, d, heads) : [];
    for (const rev of plan) {
      const step = direction === "upgrade" ? vt.upgradeStep(d, heads, rev) : vt.downgradeStep(d, graph, heads, rev);
      const tx = d.transactionalDdl && rev.transactional;
      const from = direction === "upgrade" ? rev.downRevisions.join(", ") : rev.revision;
      const to = direction === "upgrade" ? rev.revision : rev.downRevisions.join(", ");
      out.push(`-- Running ${direction} ${from} -> ${to}\n\n`);
      const stmts: string[] = [];
      if (tx) stmts.push(d.beginSQL());
      if (needCreate) stmts.push(vt.createSQL(d));
      const ctx = new RecordingContext(d, "offline", null, undefined, history);
      await callScript(ctx, rev, direction);
      history.push(...ctx.statements.map((s) => s.sql));
      stmts.push(...ctx.statements.map((s) => s.sql), ...step.sql);
      if (tx) stmts.push(d.commitSQL());
      out.push(...stmts.map((s) => `${s};\n\n`));
      needCreate = false;
      heads = step.heads;
    }
    if (needCreate) out.push(`${vt.createSQL(d)};\n\n`);
    return out.join("");
  }
}

/**
 * SQLite: foreign keys are switched off around a migration (outside its transaction, as SQLite's
 * ALTER TABLE procedure says), so that a batch table copy can drop and recreate a parent table;
 * integrity is verified inside the transaction by `PRAGMA foreign_key_check` after each copy.
 * Sent on the driver connection directly: a PRAGMA sent through `Connection` would autobegin a
 * transaction, where it has no effect. Returns whether they were on (to be switched on again).
 */
async function sqliteForeignKeysOff(conn: Connection): Promise<boolean> {
  const dc = conn.driverConnection;
  if (!dc || conn.inTransaction()) return false;
  const r = await dc.execute({ sql: "PRAGMA foreign_keys", params: [] });
  if (Number(r.rows[0]?.[0] ?? 0) !== 1) return false;
  await dc.execute({ sql: "PRAGMA foreign_keys = OFF", params: [] });
  return true;
}

/** Runs a script's upgrade()/downgrade() with `op` bound to the context, then waits for every operation. */
async function callScript(ctx: OpContext, rev: Revision, direction: Direction): Promise<void> {
  const ops = new Operations(ctx);
  setCurrentOperations(ops);
  try {
    await rev.module[direction](ops);
    await ops._drain();
  } catch (e) {
    await ops._drain().catch(() => undefined);
    throw e;
  } finally {
    setCurrentOperations(null);
  }
}
