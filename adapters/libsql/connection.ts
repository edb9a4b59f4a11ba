/**
 * One libsql session: a `Client` (or, for an in-memory database, the driver's shared one) plus the
 * interactive `Transaction` opened by {@link LibsqlConnection.begin}.
 *
 * Transactions must go through `begin`/`commit`/`rollback`, not SQL: the client returns its
 * SQLite connection to an internal pool after every call and rolls back whatever transaction that
 * connection still has open, so a `BEGIN` sent through `execute` would not survive the call.
 * Savepoints (`SAVEPOINT`, `RELEASE`, `ROLLBACK TO`) are plain SQL inside such a transaction.
 * @module
 */
import type { BeginOptions, DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import type { LibsqlClient, LibsqlInValue, LibsqlResultSet, LibsqlStatement, LibsqlTransaction } from "./client-types.js";

/** Whether `v` goes to the client as it is (the common case: no copy of the parameter list). */
function bindsAsIs(v: unknown): boolean {
  const t = typeof v;
  return t === "string" || t === "number" || v === null || t === "bigint" || t === "boolean";
}

/** Checks one parameter: `undefined` → `null`; objects other than bytes and `Date` are refused. */
function bindValue(v: unknown, index: number): LibsqlInValue {
  if (bindsAsIs(v)) return v as LibsqlInValue;
  if (v === undefined) return null;
  if (v instanceof Uint8Array || v instanceof ArrayBuffer || v instanceof Date) return v;
  throw new TypeError(
    `libsql adapter: parameter ${index + 1} is ${Array.isArray(v) ? "an array" : `a ${typeof v}`}; only ` +
      "string, number, bigint, boolean, null, Date, ArrayBuffer and Uint8Array values can be bound",
  );
}

function toStatement(stmt: DriverStatement): LibsqlStatement {
  const params = stmt.params;
  for (let i = 0; i < params.length; i++) {
    if (!bindsAsIs(params[i])) return { sql: stmt.sql, args: params.map(bindValue) };
  }
  // checked above: every value is a string, number, bigint, boolean or null
  return { sql: stmt.sql, args: params as LibsqlInValue[] };
}

/** `bigint` row ids become numbers when exact. */
function rowId(id: bigint | undefined): number | bigint | null {
  if (id === undefined) return null;
  return id <= BigInt(Number.MAX_SAFE_INTEGER) && id >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(id) : id;
}

function toRaw(rs: LibsqlResultSet): RawResult {
  const n = rs.columns.length;
  const src = rs.rows;
  const count = src.length;
  const rows = new Array<unknown[]>(count);
  for (let r = 0; r < count; r++) {
    const row = src[r]!;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = row[i];
    rows[r] = out;
  }
  // statements returning rows (SELECT, … RETURNING) report rowsAffected 0 on embedded databases
  const rowCount = n > 0 ? Math.max(rs.rowsAffected, rows.length) : rs.rowsAffected;
  return {
    columns: [...rs.columns],
    rows,
    rowCount,
    lastInsertId: n > 0 ? null : rowId(rs.lastInsertRowid),
    columnTypes: rs.columnTypes.map((t) => t || null),
  };
}

const BATCH_SAVEPOINT = "alkahest_batch";

/** The {@link DriverConnection} over a libsql client. Built by the libsql `Driver`'s `connect()`. */
export class LibsqlConnection implements DriverConnection {
  readonly #client: LibsqlClient;
  readonly #owned: boolean;
  #tx: LibsqlTransaction | null = null;
  #closed = false;

  /** @param owned whether {@link close} closes the client (false for the shared in-memory one). */
  constructor(client: LibsqlClient, owned: boolean) {
    this.#client = client;
    this.#owned = owned;
  }

  /** True between {@link begin} and {@link commit}/{@link rollback}. */
  get inTransaction(): boolean {
    return this.#tx !== null;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    const target = this.#tx ?? this.#client;
    return toRaw(await target.execute(toStatement(stmt)));
  }

  /**
   * All-or-nothing: `client.batch(…, "write")` outside a transaction; inside one, the statements run
   * under a savepoint that is rolled back if any fails. Errors carry `statementIndex`.
   */
  async batch(stmts: DriverStatement[]): Promise<RawResult[]> {
    const statements = stmts.map(toStatement);
    const tx = this.#tx;
    if (tx === null) return (await this.#client.batch(statements, "write")).map(toRaw);
    await tx.execute({ sql: `SAVEPOINT ${BATCH_SAVEPOINT}`, args: [] });
    try {
      const results = await tx.batch(statements);
      await tx.execute({ sql: `RELEASE SAVEPOINT ${BATCH_SAVEPOINT}`, args: [] });
      return results.map(toRaw);
    } catch (err) {
      await tx.execute({ sql: `ROLLBACK TO SAVEPOINT ${BATCH_SAVEPOINT}`, args: [] }).catch(() => undefined);
      await tx.execute({ sql: `RELEASE SAVEPOINT ${BATCH_SAVEPOINT}`, args: [] }).catch(() => undefined);
      throw err;
    }
  }

  async ping(): Promise<void> {
    await (this.#tx ?? this.#client).execute({ sql: "SELECT 1", args: [] });
  }

  /**
   * Opens `client.transaction("deferred")` (`BEGIN DEFERRED`, SQLite's own default and what
   * SQLAlchemy's pysqlite emits), or `"read"` for `readOnly`. A deferred transaction takes the
   * database write lock at its first write, not at BEGIN: with `"write"` (`BEGIN IMMEDIATE`) every
   * autobegun transaction — reads included — took the write lock, so two pooled sessions on one
   * file could not even read at the same time (`SQLITE_BUSY`; the driver runs synchronously on the
   * one JS thread, so a busy timeout cannot wait for the other session either). SQLite
   * transactions are serializable; `isolationLevel` and `deferrable` are ignored.
   */
  async begin(opts?: BeginOptions): Promise<void> {
    if (this.#tx !== null) throw new Error("libsql adapter: a transaction is already open on this connection");
    this.#tx = await this.#client.transaction(opts?.readOnly ? "read" : "deferred");
  }

  async commit(): Promise<void> {
    const tx = this.#takeTransaction("commit");
    try {
      await tx.commit();
    } finally {
      tx.close();
    }
  }

  async rollback(): Promise<void> {
    const tx = this.#takeTransaction("rollback");
    try {
      await tx.rollback();
    } finally {
      tx.close();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const tx = this.#tx;
    this.#tx = null;
    try {
      tx?.close(); // rolls back
    } finally {
      if (this.#owned) this.#client.close();
    }
  }

  #takeTransaction(what: string): LibsqlTransaction {
    const tx = this.#tx;
    if (tx === null) throw new Error(`libsql adapter: ${what} without a transaction opened by begin()`);
    this.#tx = null;
    return tx;
  }
}
