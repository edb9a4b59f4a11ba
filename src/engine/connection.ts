/**
 * `Connection`: one checked-out pooled connection, SQLAlchemy 2.0 style. The first `execute`
 * begins a transaction ("autobegin"); `commit()` / `rollback()` end it; closing without a commit
 * rolls back. A disconnect invalidates the connection: outside a transaction the next call gets a
 * fresh one; inside a transaction every call raises `PendingRollbackError` until `rollback()`, so
 * no statement ever runs silently on a new connection mid-transaction.
 * @module
 */
import {
  ArgumentError,
  DBAPIError,
  InvalidRequestError,
  NotSupportedError,
  PendingRollbackError,
} from "../errors.js";
import type { ClauseElement } from "../sql/elements/clause.js";
import { BindParameter } from "../sql/elements/elements.js";
import type { Insert } from "../sql/dml/insert.js";
import type { CompiledSQL } from "../sql/compiled.js";
import type { PooledConnection } from "../pool/pooled-connection.js";
import type { BaseDialect } from "../dialects/base/dialect.js";
import type { DriverConnection, DriverStatement, RawResult } from "../driver.js";
import type { Engine } from "./engine.js";
import { wrapDriverError } from "./error-mapping.js";
import { buildResult } from "./result-builder.js";
import type { Result } from "./result.js";
import type { Row } from "./row.js";
import { NestedTransaction, RootTransaction, type Transaction } from "./transaction.js";

/** Named parameters for one execution, or a list of them (executemany). */
export type ExecuteParams = Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];

/** Per-execution options of {@link Connection.execute}. */
export interface ExecuteOptions {
  /**
   * Run the statement outside any transaction: no autobegin, so the database commits it on its own
   * (its autocommit mode). For statements that refuse a transaction block, such as PostgreSQL's
   * `CREATE INDEX CONCURRENTLY` or `VACUUM`. Only when no transaction is open on the connection
   * (an error otherwise); the connection stays without a transaction afterwards.
   */
  readonly autocommit?: boolean;
}

/** A statement with a typed row (select, DML with returning, typed text). */
type Executable = ClauseElement & { readonly __row?: unknown[] };
type RowTypeOf<S> = S extends { readonly __row: infer R extends unknown[] } ? R : unknown[];

export class Connection implements AsyncDisposable {
  #pooled: PooledConnection | null;
  #tx: RootTransaction | null = null;
  #nested: NestedTransaction[] = [];
  #closed = false;
  /** The driver connection died; a new one is checked out on next use (outside a transaction). */
  #invalidated = false;
  /** Set when the connection died inside a transaction: cleared by rollback(). */
  #pendingRollback: DBAPIError | null = null;
  /** Operations started by `_serial` and not yet settled (the running one included). */
  #pending = 0;
  /** Settles after the last queued operation (never rejects). */
  #queue: Promise<unknown> = RESOLVED;
  readonly #settled = (): void => {
    this.#pending--;
  };
  #savepointCounter = 0;

  declare readonly engine: Engine;
  constructor(
    engine: Engine,
    pooled: PooledConnection,
  ) {
    this.engine = engine;
    this.#pooled = pooled;
  }

  get dialect(): BaseDialect {
    return this.engine.dialect;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get invalidated(): boolean {
    return this.#invalidated;
  }

  /** Is a transaction (explicit or autobegun) open? */
  inTransaction(): boolean {
    return this.#tx !== null;
  }

  /** The driver connection (for adapters' special features); null once invalidated. */
  get driverConnection(): DriverConnection | null {
    return this.#invalidated || !this.#pooled ? null : this.#pooled.driverConnection;
  }

  // ---- execution ---------------------------------------------------------------------------

  /**
   * Executes a statement (`select(...)`, `insert(...)`, `text(...)`...). `params` fills named
   * parameters (`bindparam("x")`, `text(":x")`); a list of parameter objects runs the statement once
   * per object (executemany) and returns the summed row count.
   */
  execute<S extends Executable>(statement: S, params?: ExecuteParams, options?: ExecuteOptions): Promise<Result<RowTypeOf<S>>> {
    return this.#serial(() => this.#execute(statement, params, options)) as Promise<Result<RowTypeOf<S>>>;
  }

  async #execute(statement: Executable, params?: ExecuteParams, options?: ExecuteOptions): Promise<Result<unknown[]>> {
    let autobegin: boolean | undefined;
    if (options?.autocommit) {
      if (this.#tx) {
        throw new InvalidRequestError("execute(..., { autocommit: true }) runs the statement outside any transaction, but a transaction is open on this Connection; commit() or rollback() first");
      }
      autobegin = false;
    }
    const compiled = this.engine.compile(insertWithParamColumns(statement, params));
    const events = this.engine._hasExecuteListeners;
    if (events) await this.engine._emit("beforeExecute", this, statement, params);
    let result: Result<unknown[]>;
    if (Array.isArray(params)) {
      if (params.length === 0) throw new ArgumentError("execute(): an empty parameter list (executemany needs at least one set)");
      let rowcount = 0;
      let last: Result<unknown[]> | null = null;
      for (const p of params) {
        last = await this.#run(compiled, bindParams(compiled, p as Record<string, unknown>), autobegin);
        rowcount += Math.max(0, last.rowcount);
      }
      result = buildResult(this.dialect, compiled, { columns: [], rows: [], rowCount: rowcount, lastInsertId: last!.lastInsertId });
    } else {
      result = await this.#run(compiled, bindParams(compiled, params as Record<string, unknown> | undefined), autobegin);
    }
    if (events) await this.engine._emit("afterExecute", this, statement, params, result);
    return result;
  }

  /**
   * @internal Runs a statement compiled by the caller with `params` (bound and processed; by default
   * `compiled.params`): the ORM's multi-row INSERT and cached get-by-key SELECT. No `beforeExecute`/`afterExecute` events
   * (callers use {@link execute} when the engine has such listeners); cursor events and logging as usual.
   */
  _executeCompiled(compiled: CompiledSQL, params: unknown[] = compiled.params): Promise<Result<unknown[]>> {
    const pooled = this.#pooled;
    if (this.#pending === 0 && pooled && !this.engine._hasCursorListeners && this.#sendsNow(compiled.kind !== "ddl" || this.engine.dialect.transactionalDdl)) {
      // nothing queued, nothing to begin, no cursor events: one async step (a hot path: session.get, flush INSERTs)
      this.#pending = 1;
      return (this.#queue = this.#runNow(pooled.driverConnection, compiled, params)) as Promise<Result<unknown[]>>;
    }
    return this.#serial(() => this.#run(compiled, params));
  }

  /** `#run` when `#sendsNow`, without cursor listeners, for an operation counted in `#pending`. */
  async #runNow(dc: DriverConnection, compiled: CompiledSQL, params: unknown[]): Promise<Result<unknown[]>> {
    const stmt = { sql: compiled.sql, params };
    this.engine.log.statement(stmt.sql, params);
    let raw: RawResult;
    try {
      raw = await dc.execute(stmt);
    } catch (e) {
      throw await this.#fail(e, stmt);
    } finally {
      this.#pending--;
    }
    return buildResult(this.dialect, compiled, raw);
  }

  /** Can a statement go to the driver at once (live connection, nothing to begin)? */
  #sendsNow(autobegin: boolean): boolean {
    return !this.#closed && !this.#pendingRollback && !this.#invalidated && (this.#tx !== null || !autobegin || !this.engine.driver.capabilities.interactiveTransactions);
  }

  async #run(compiled: CompiledSQL, params: unknown[], autobegin?: boolean): Promise<Result<unknown[]>> {
    const raw = await this.#send({ sql: compiled.sql, params }, autobegin ?? (compiled.kind !== "ddl" || this.engine.dialect.transactionalDdl));
    return buildResult(this.dialect, compiled, raw);
  }

  /** Sends SQL to the driver: autobegin, logging, cursor events, error wrapping and invalidation. */
  #send(stmt: DriverStatement, autobegin: boolean): Promise<RawResult> {
    // fast path: a live connection and nothing to begin (no extra async step)
    const pooled = this.#pooled;
    if (pooled && this.#sendsNow(autobegin)) {
      return this.#driverCall(pooled.driverConnection, stmt);
    }
    return this.#sendSlow(stmt, autobegin);
  }

  async #sendSlow(stmt: DriverStatement, autobegin: boolean): Promise<RawResult> {
    const dc = await this.#ready();
    if (autobegin && !this.#tx && this.engine.driver.capabilities.interactiveTransactions) await this.#beginRoot(dc);
    return this.#driverCall(dc, stmt);
  }

  async #driverCall(dc: DriverConnection, stmt: DriverStatement): Promise<RawResult> {
    const engine = this.engine;
    engine.log.statement(stmt.sql, stmt.params);
    if (engine._hasCursorListeners) await engine._emit("beforeCursorExecute", this, stmt.sql, stmt.params, {});
    let raw: RawResult;
    try {
      raw = await dc.execute(stmt);
    } catch (e) {
      throw await this.#fail(e, stmt);
    }
    if (engine._hasCursorListeners) await engine._emit("afterCursorExecute", this, stmt.sql, stmt.params, { rowCount: raw.rowCount });
    return raw;
  }

  /** Wraps a driver error; a disconnect invalidates this connection (and marks the transaction). */
  async #fail(e: unknown, stmt?: DriverStatement): Promise<DBAPIError> {
    const { error, info } = wrapDriverError(this.engine.driver, e, {
      ...(stmt ? { statement: stmt.sql, params: stmt.params } : {}),
      hideParameters: this.engine.hideParameters,
    });
    if (info.isDisconnect) await this.#invalidate(error);
    return error;
  }

  /**
   * Wraps an error of an atomic batch: the whole batch was rolled back. When the adapter reports
   * the failing statement, the error carries it (`statement`, `params`, `statementIndex`) and its
   * message names its position; otherwise the message says the position is unknown.
   */
  async #failBatch(e: unknown, stmts: readonly DriverStatement[]): Promise<DBAPIError> {
    let index: number | undefined;
    try {
      const i = this.engine.driver.errorInfo(e).statementIndex;
      if (typeof i === "number" && i >= 0 && i < stmts.length) index = i;
    } catch {
      // errorInfo never throws by contract; stay safe anyway
    }
    const error = await this.#fail(e, index !== undefined ? stmts[index] : undefined);
    error.statementIndex = index;
    error.message += index !== undefined
      ? `\n[batch: statement ${index} of ${stmts.length} failed; the whole batch was rolled back]`
      : `\n[batch of ${stmts.length} statements rolled back; ${this.engine.driver.name} does not report which statement failed]`;
    return error;
  }

  /** The usable driver connection: reconnects after an invalidation outside a transaction. */
  async #ready(): Promise<DriverConnection> {
    if (this.#closed) throw new InvalidRequestError("This Connection is closed");
    if (this.#pendingRollback) {
      throw new PendingRollbackError(
        `Can't reconnect until invalid transaction is rolled back. Please rollback() fully before proceeding (original cause: ${firstLine(this.#pendingRollback.message)})`,
        { cause: this.#pendingRollback },
      );
    }
    if (this.#invalidated || !this.#pooled) {
      this.#pooled = await this.engine._checkout();
      this.#invalidated = false;
    }
    return this.#pooled.driverConnection;
  }

  async #invalidate(error: unknown): Promise<void> {
    if (this.#invalidated) return;
    this.#invalidated = true;
    if (this.#tx) this.#pendingRollback = error instanceof DBAPIError ? error : new DBAPIError(String(error), { orig: error });
    const pooled = this.#pooled;
    this.#pooled = null;
    this.engine._txOpen.delete(pooled?.driverConnection as DriverConnection);
    if (pooled) await pooled.invalidate(error).catch(() => undefined);
  }

  /**
   * Runs operations on this connection one at a time (a driver connection runs one statement at
   * once). When nothing is pending the operation starts at once, without waiting a tick.
   */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#pending++ === 0 ? fn() : this.#queue.then(fn, fn);
    this.#queue = run.then(this.#settled, this.#settled);
    return run;
  }

  // ---- transactions ------------------------------------------------------------------------

  async #beginRoot(dc: DriverConnection): Promise<void> {
    const caps = this.engine.driver.capabilities;
    if (!caps.interactiveTransactions) {
      const alternatives = [
        ...(caps.atomicBatch ? ["engine.batch([...]) / conn.batch([...]) for an atomic group of statements sent in one request"] : []),
        caps.dialect === "postgresql" ? "the neon-ws (or pg) adapter for interactive transactions" : "an adapter with interactive transactions",
      ];
      throw new NotSupportedError(
        `${this.engine.driver.name} has no interactive transactions (BEGIN … COMMIT across requests); ` +
          `statements are never run one by one in its place. Use ${alternatives.join(", or ")}`,
      );
    }
    try {
      if (dc.begin) await dc.begin();
      else await this.#driverCall(dc, { sql: this.dialect.beginSQL(), params: [] });
    } catch (e) {
      throw e instanceof DBAPIError ? e : await this.#fail(e);
    }
    this.#tx = new RootTransaction(this);
    this.engine._txOpen.add(dc);
  }

  /** Begins a transaction explicitly (an error if one is already open: use beginNested()). */
  begin(): Promise<Transaction> {
    return this.#serial(async () => {
      if (this.#tx) throw new InvalidRequestError("a transaction is already begun on this Connection; commit() or rollback() first, or use beginNested()");
      const dc = await this.#ready();
      await this.#beginRoot(dc);
      return this.#tx!;
    });
  }

  /** A SAVEPOINT inside the current transaction (begun if needed). */
  beginNested(): Promise<NestedTransaction> {
    return this.#serial(async () => {
      const dc = await this.#ready();
      if (!this.engine.driver.capabilities.savepoints) throw new NotSupportedError(`${this.engine.driver.name} has no savepoints`);
      if (!this.#tx) await this.#beginRoot(dc);
      const name = `sa_savepoint_${++this.#savepointCounter}`;
      await this.#driverCall(dc, { sql: this.dialect.savepointSQL(name), params: [] });
      const nested = new NestedTransaction(this, name);
      this.#nested.push(nested);
      return nested;
    });
  }

  /** Commits the current transaction (no-op when none is open). */
  commit(): Promise<void> {
    return this.#serial(() => this._commitRoot());
  }

  /** Rolls back the current transaction; also clears the state after a disconnect. */
  rollback(): Promise<void> {
    return this.#serial(() => this._rollbackRoot());
  }

  /** @internal */
  async _commitRoot(): Promise<void> {
    if (this.#pendingRollback) await this.#ready(); // raises PendingRollbackError
    const tx = this.#tx;
    if (!tx) return;
    const dc = await this.#ready();
    try {
      if (dc.commit) await dc.commit();
      else await this.#driverCall(dc, { sql: this.dialect.commitSQL(), params: [] });
    } catch (e) {
      const err = e instanceof DBAPIError ? e : await this.#fail(e);
      // the transaction is over either way; a failed COMMIT leaves nothing to keep
      if (!this.#invalidated) await this.#rollbackQuietly(dc);
      this.#endRoot(dc);
      throw err;
    }
    this.#endRoot(dc);
  }

  /** @internal */
  async _rollbackRoot(): Promise<void> {
    if (this.#pendingRollback || this.#invalidated) {
      // the server already discarded the transaction with the connection
      this.#pendingRollback = null;
      this.#tx?._end();
      this.#tx = null;
      this.#nested = [];
      return;
    }
    const tx = this.#tx;
    if (!tx || !this.#pooled) return;
    const dc = this.#pooled.driverConnection;
    try {
      if (dc.rollback) await dc.rollback();
      else await this.#driverCall(dc, { sql: this.dialect.rollbackSQL(), params: [] });
    } catch (e) {
      const err = e instanceof DBAPIError ? e : await this.#fail(e);
      this.#endRoot(dc);
      throw err;
    } finally {
      this.#endRoot(dc);
    }
  }

  async #rollbackQuietly(dc: DriverConnection): Promise<void> {
    try {
      if (dc.rollback) await dc.rollback();
      else await dc.execute({ sql: this.dialect.rollbackSQL(), params: [] });
    } catch {
      /* the original error is what matters */
    }
  }

  #endRoot(dc: DriverConnection): void {
    this.#tx?._end();
    this.#tx = null;
    for (const n of this.#nested) n._end();
    this.#nested = [];
    this.engine._txOpen.delete(dc);
  }

  /** @internal savepoint release/rollback from NestedTransaction */
  _nestedEnd(nested: NestedTransaction, commit: boolean): Promise<void> {
    return this.#serial(async () => {
      const i = this.#nested.indexOf(nested);
      if (i < 0) return;
      const dc = await this.#ready();
      // ending an outer savepoint ends the inner ones too
      for (const inner of this.#nested.splice(i)) inner._end();
      const sql = commit ? this.dialect.releaseSavepointSQL(nested.name) : this.dialect.rollbackToSavepointSQL(nested.name);
      if (sql) await this.#driverCall(dc, { sql, params: [] });
    });
  }

  // ---- other operations --------------------------------------------------------------------

  /**
   * Streams rows: a server-side cursor where the driver has one; otherwise rows are read in pages
   * (the whole statement once, then yielded in `batchSize` pieces).
   */
  async *stream<S extends Executable>(statement: S, options: { batchSize?: number; params?: Readonly<Record<string, unknown>> } = {}): AsyncGenerator<Row<RowTypeOf<S>>> {
    const batchSize = options.batchSize ?? 1000;
    const compiled = this.engine.compile(statement);
    const params = bindParams(compiled, options.params);
    const dc = await this.#serial(async () => {
      const d = await this.#ready();
      if (!this.#tx && this.engine.driver.capabilities.interactiveTransactions) await this.#beginRoot(d);
      return d;
    });
    if (dc.stream && this.engine.driver.capabilities.cursors) {
      const engine = this.engine;
      engine.log.statement(compiled.sql, params);
      // the cursor's statement is one statement sent, as execute()'s are (a listener counts or logs it)
      if (engine._hasCursorListeners) await engine._emit("beforeCursorExecute", this, compiled.sql, params, { stream: true });
      let raw;
      try {
        raw = await dc.stream({ sql: compiled.sql, params }, { batchSize });
      } catch (e) {
        throw await this.#fail(e, { sql: compiled.sql, params });
      }
      if (engine._hasCursorListeners) await engine._emit("afterCursorExecute", this, compiled.sql, params, { stream: true, rowCount: -1 });
      try {
        for await (const page of raw) {
          const r = buildResult(this.dialect, compiled, { columns: raw.columns, rows: page, rowCount: -1 });
          for (const row of r) yield row as unknown as Row<RowTypeOf<S>>;
        }
      } catch (e) {
        throw await this.#fail(e, { sql: compiled.sql, params });
      } finally {
        await raw.close().catch(() => undefined);
      }
      return;
    }
    const result = await this.#serial(() => this.#run(compiled, params));
    for (const part of result.partitions(batchSize)) for (const row of part) yield row as unknown as Row<RowTypeOf<S>>;
  }

  /**
   * Sends statements as one atomic request where the driver has one (`atomicBatch`); the result of
   * each statement is returned in order. A failing statement rolls back the whole batch and the
   * error names its index.
   */
  batch(statements: readonly Executable[]): Promise<Result<unknown[]>[]> {
    return this.#serial(async () => {
      const compiled = statements.map((s) => this.engine.compile(s));
      const stmts = compiled.map((c) => ({ sql: c.sql, params: bindParams(c, undefined) }));
      const dc = await this.#ready();
      if (!dc.batch || !this.engine.driver.capabilities.atomicBatch) {
        throw new NotSupportedError(`${this.engine.driver.name} has no atomic batch; run the statements inside engine.begin(...)`);
      }
      if (this.#tx) throw new InvalidRequestError("batch() runs its own transaction: call it outside a transaction");
      const engine = this.engine;
      for (const s of stmts) engine.log.statement(s.sql, s.params);
      if (engine._hasCursorListeners) for (const [i, s] of stmts.entries()) await engine._emit("beforeCursorExecute", this, s.sql, s.params, { batch: true, index: i });
      let raws: RawResult[];
      try {
        raws = await dc.batch(stmts);
      } catch (e) {
        throw await this.#failBatch(e, stmts);
      }
      if (engine._hasCursorListeners) for (const [i, s] of stmts.entries()) await engine._emit("afterCursorExecute", this, s.sql, s.params, { batch: true, index: i, rowCount: raws[i]?.rowCount });
      return raws.map((raw, i) => buildResult(this.dialect, compiled[i]!, raw));
    });
  }

  /** Marks the underlying connection dead: it is closed and removed from the pool. */
  invalidate(error?: unknown): Promise<void> {
    return this.#invalidate(error ?? new DBAPIError("connection invalidated by the application"));
  }

  /** Rolls back any open transaction and returns the connection to the pool. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#serial(async () => {
      if (this.#closed) return;
      try {
        if (this.#tx && !this.#invalidated) await this._rollbackRoot().catch(() => undefined);
      } finally {
        this.#closed = true;
        this.#tx = null;
        this.#pendingRollback = null;
        const pooled = this.#pooled;
        this.#pooled = null;
        if (pooled && !this.#invalidated) await pooled.release();
      }
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * `execute(insert(t), [{...}, ...])` as in SQLAlchemy: an INSERT without `values()` takes its
 * columns from the keys of the execution parameters, each a bind parameter of the column's type.
 */
function insertWithParamColumns(statement: Executable, params: ExecuteParams | undefined): Executable {
  // told by kind, not `instanceof Insert`: a Worker that never builds an INSERT leaves insert.ts out
  if (statement.kind !== "insert" || !params) return statement;
  const insert = statement as unknown as Insert;
  if (insert._rows !== null || insert._fromSelect !== null) return statement;
  const sets = (Array.isArray(params) ? params : [params]) as Readonly<Record<string, unknown>>[];
  const keys: string[] = [];
  for (const set of sets) {
    if (set === null || typeof set !== "object") continue;
    for (const k of Object.keys(set)) if (!keys.includes(k)) keys.push(k);
  }
  if (keys.length === 0) return statement;
  const table = insert.table;
  const values: Record<string, unknown> = {};
  for (const k of keys) {
    const col = Object.hasOwn(table.c, k) ? (table.c as Record<string, { type: BindParameter["type"] }>)[k] : undefined;
    if (!col) throw new ArgumentError(`execute(): table ${table.name} has no column ${JSON.stringify(k)} (from the parameters of an INSERT without values())`);
    values[k] = new BindParameter(undefined, col.type, k, true);
  }
  return insert.values(values as never) as unknown as Executable;
}

/** Positional parameters for one execution: compiled values, with named ones filled from `params`. */
export function bindParams(compiled: CompiledSQL, params: Readonly<Record<string, unknown>> | undefined): unknown[] {
  const keys = compiled.paramKeys;
  if (!params) {
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== null && compiled.params[i] === undefined) {
        throw new ArgumentError(`A value is required for bind parameter ${JSON.stringify(keys[i])}; pass it in execute(stmt, { ${keys[i]}: ... })`);
      }
    }
    return compiled.params;
  }
  if (params === null || typeof params !== "object") throw new ArgumentError("execute(): parameters must be an object of named values");
  const out = compiled.params.slice();
  const used = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === null) continue;
    if (Object.hasOwn(params, k)) {
      const v = params[k];
      const problem = compiled.paramTypes[i]!.checkValue(v);
      if (problem) throw new ArgumentError(`parameter ${JSON.stringify(k)}: ${problem}`);
      const p = compiled.paramProcessors[i];
      out[i] = v === null || v === undefined || !p ? (v ?? null) : p(v);
      used.add(k);
    } else if (out[i] === undefined) {
      throw new ArgumentError(`A value is required for bind parameter ${JSON.stringify(k)}`);
    }
  }
  for (const k of Object.keys(params)) {
    if (!used.has(k)) {
      const known = [...new Set(keys.filter((x): x is string => x !== null))];
      throw new ArgumentError(`execute(): the statement has no parameter ${JSON.stringify(k)} (its parameters: ${known.map((x) => JSON.stringify(x)).join(", ") || "none"})`);
    }
  }
  return out;
}

const RESOLVED: Promise<unknown> = Promise.resolve();

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return i < 0 ? s : s.slice(0, i);
}
