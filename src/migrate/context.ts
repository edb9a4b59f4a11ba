/**
 * Migration contexts: where the statements of `op.*` go. One interface, three modes:
 * - `online` — executed on a connection as they come (inside the migration's transaction);
 * - `batch` — collected and sent afterwards as ONE atomic batch (drivers without interactive
 *   transactions but with an atomic batch: D1, neon-http); results are not available;
 * - `offline` — rendered as SQL text with values inlined (`upgrade(target, { sql: true })`),
 *   without a connection.
 * @module
 */
import { InvalidRequestError, NotSupportedError } from "../errors.js";
import type { BaseDialect } from "../dialects/base/dialect.js";
import type { Connection, Result } from "../engine/index.js";
import { ClauseElement } from "../sql/elements/clause.js";
import { text } from "../sql/elements/text.js";
import { RevisionError } from "./graph.js";
import { SqliteShadow } from "./sqlite-shadow.js";

const TABLE_SQL = "SELECT type, sql FROM sqlite_master WHERE tbl_name = :t AND sql IS NOT NULL ORDER BY type DESC, name";

export type ContextMode = "online" | "batch" | "offline";

/** One statement recorded by a batch or offline context. */
export interface RecordedStatement {
  /** The SQL with values inlined (offline output). */
  readonly sql: string;
  /** What is sent in batch mode. */
  readonly element: ClauseElement;
}

/** The target of the operations of one migration. */
export interface OpContext {
  readonly dialect: BaseDialect;
  readonly mode: ContextMode;
  /** Runs (online) or records one statement; online resolves to its Result. */
  exec(stmt: ClauseElement | string, options?: { foreignKeyCheck?: boolean }): Promise<Result<unknown[]> | undefined>;
  /** Reads from the database now (batch-mode schema lookups); refused offline. */
  read(sql: string, params?: Record<string, unknown>): Promise<unknown[][]>;
  /**
   * SQLite batch mode: the `sqlite_master` rows (`type, sql`; table first, then its indexes by
   * name) of `table` as it is at this point of the migration: read from the database online; in
   * batch and offline mode replayed over the statements recorded so far (`./sqlite-shadow.ts`).
   */
  tableSql(table: string): Promise<unknown[][]>;
  /** The connection, for migrations that query; refused in batch and offline mode. */
  bind(): Connection;
}

/** `text()` for SQL written by alkahest itself: colons are escaped so that nothing becomes a parameter. */
export function rawText(sql: string) {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      out += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    if (c === ":" && sql[i + 1] === ":") {
      out += "::";
      i++;
      continue;
    }
    if (c === ":" && /[A-Za-z_]/.test(sql[i + 1] ?? "") && !/\w/.test(sql[i - 1] ?? "")) out += "\\";
    out += c;
  }
  return text(out);
}

/** The SQL of a statement with values inlined, for offline output. */
export function renderLiteral(dialect: BaseDialect, stmt: ClauseElement | string): string {
  return typeof stmt === "string" ? stmt : dialect.compile(stmt, { literalBinds: true }).sql;
}

/** A result that is not there: any use raises `message` (awaiting it is fine). */
export function unavailableResult(message: string): Result<unknown[]> {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        if (prop === "then" || typeof prop === "symbol") return undefined;
        throw new InvalidRequestError(message);
      },
    },
  ) as Result<unknown[]>;
}

/** Executes on a live connection. With `autocommit` (`transactional = false`), each statement runs outside any transaction. */
export class OnlineContext implements OpContext {
  readonly mode = "online" as const;
  constructor(
    readonly conn: Connection,
    readonly autocommit: boolean,
  ) {}

  get dialect(): BaseDialect {
    return this.conn.dialect;
  }

  async exec(stmt: ClauseElement | string, options: { foreignKeyCheck?: boolean } = {}): Promise<Result<unknown[]>> {
    // autocommit (`transactional = false`): sent outside any transaction, so that statements which
    // refuse a transaction block (CREATE INDEX CONCURRENTLY) run, and each is committed at once
    const element = typeof stmt === "string" ? rawText(stmt) : stmt;
    const result = this.autocommit ? await this.conn.execute(element, undefined, { autocommit: true }) : await this.conn.execute(element);
    if (options.foreignKeyCheck) {
      const rows = result.all();
      if (rows.length) {
        const sample = rows.slice(0, 5).map((r) => `${String(r[0])} row ${String(r[1])} -> ${String(r[2])}`);
        throw new RevisionError(`foreign key check failed after the batch table copy (${rows.length} violation(s): ${sample.join("; ")})`);
      }
    }
    return result;
  }

  async read(sql: string, params?: Record<string, unknown>): Promise<unknown[][]> {
    const r = await this.conn.execute(text(sql), params, this.autocommit ? { autocommit: true } : undefined);
    return r.all().map((row) => [...(row as unknown as unknown[])]);
  }

  tableSql(table: string): Promise<unknown[][]> {
    return this.read(TABLE_SQL, { t: table });
  }

  bind(): Connection {
    return this.conn;
  }
}

/** Collects statements (batch and offline modes). */
export class RecordingContext implements OpContext {
  readonly statements: RecordedStatement[] = [];

  constructor(
    readonly dialect: BaseDialect,
    readonly mode: "batch" | "offline",
    /** Batch mode: the connection used for schema reads before the batch is sent. */
    private readonly conn: Connection | null,
    private readonly driverName = "this driver",
    /** Offline: the SQL of the earlier migrations of the same run (for {@link tableSql}). */
    private readonly prior: readonly string[] = [],
  ) {}

  private why(what: string): string {
    return this.mode === "offline"
      ? `${what} is not available in offline (--sql) mode: no database is connected`
      : `${what} is refused: ${this.driverName} has no interactive transactions, so a migration is sent as one atomic batch ` +
          `and cannot read results between its statements; move the query out of the migration, or run it with a driver that has interactive transactions`;
  }

  async exec(stmt: ClauseElement | string): Promise<Result<unknown[]>> {
    const element = typeof stmt === "string" ? rawText(stmt) : stmt;
    if (!(element instanceof ClauseElement)) throw new InvalidRequestError("op.execute() takes SQL text or a statement");
    this.statements.push({ sql: renderLiteral(this.dialect, stmt), element });
    return unavailableResult(this.why("the result of op.execute()"));
  }

  async read(sql: string, params?: Record<string, unknown>): Promise<unknown[][]> {
    if (!this.conn) throw new NotSupportedError(this.why("reading the table definition (SQLite batch mode)") + "; run this migration online");
    const r = await this.conn.execute(text(sql), params);
    const rows = r.all().map((row) => [...(row as unknown as unknown[])]);
    if (this.conn.inTransaction()) await this.conn.rollback();
    return rows;
  }

  async tableSql(table: string): Promise<unknown[][]> {
    const shadow = new SqliteShadow();
    // batch: the database as it was before this migration, then this migration's statements so far
    if (this.conn) shadow.seed(table, await this.read(TABLE_SQL, { t: table }));
    for (const sql of this.prior) shadow.apply(sql);
    for (const s of this.statements) shadow.apply(s.sql);
    if (!this.conn && !shadow.knows(table)) {
      throw new NotSupportedError(
        `offline (--sql) SQLite batch mode needs the definition of table ${JSON.stringify(table)}, which is not created by the migrations of this run; ` +
          `render the SQL from an earlier revision (or base), or run this migration online`,
      );
    }
    try {
      return shadow.rows(table);
    } catch (e) {
      throw new NotSupportedError(`SQLite batch mode (${this.mode}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  bind(): Connection {
    throw new NotSupportedError(this.why("op.getBind()"));
  }
}
