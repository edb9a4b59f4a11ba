/**
 * One SQL Server session: a tedious `Connection` per {@link TediousConnectionImpl}, no pool of its
 * own (the engine's pool is on top). tedious runs one request at a time per connection and
 * refuses a second one while the first is in flight, so requests are queued here.
 *
 * Transactions go through tedious' transaction-manager requests (`beginTransaction`,
 * `commitTransaction`, `rollbackTransaction`), which keep tedious' transaction descriptor in step
 * with the server; savepoints are SQL (`SAVE TRANSACTION x`, `ROLLBACK TRANSACTION x`), spelt by
 * the mssql dialect.
 * @module
 */
import type { BeginOptions, DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import type {
  TediousColumnMetadata, TediousColumnValue, TediousConnection, TediousRequestConstructor, TediousTypes,
} from "./client-types.js";
import { typeParameter } from "./params.js";

/** tedious' `ISOLATION_LEVEL` numbers by SQL spelling. */
const ISOLATION: Record<string, number> = {
  "READ UNCOMMITTED": 1,
  "READ COMMITTED": 2,
  "REPEATABLE READ": 3,
  SERIALIZABLE: 4,
  SNAPSHOT: 5,
};

/** What tedious needs besides the connection: its `Request` class and `TYPES`. */
export interface TediousRuntime {
  readonly Request: TediousRequestConstructor;
  readonly TYPES: TediousTypes;
}

function asArray<T>(v: T[] | Record<string, T>): T[] {
  return Array.isArray(v) ? v : Object.values(v);
}

/** The {@link DriverConnection} over one tedious connection. Built by the tedious `Driver`'s `connect()`. */
export class TediousConnectionImpl implements DriverConnection {
  readonly #conn: TediousConnection;
  readonly #rt: TediousRuntime;
  #queue: Promise<unknown> = Promise.resolve();
  #busy = 0;
  #closed = false;
  #ended: unknown = null;
  readonly #listeners = new Set<(error: unknown) => void>();

  /** @param conn a connection whose `connect()` has succeeded. */
  constructor(conn: TediousConnection, runtime: TediousRuntime) {
    this.#conn = conn;
    this.#rt = runtime;
    conn.on("error", (err) => this.#lost(err));
    conn.on("end", () => this.#lost(new Error("Connection lost: the SQL Server connection ended")));
  }

  #lost(err: unknown): void {
    if (this.#ended !== null) return;
    this.#ended = err;
    if (this.#closed || this.#busy > 0) return; // a request in flight reports it by its rejection
    for (const l of [...this.#listeners]) l(err);
  }

  /** Runs `fn` after every earlier request of this connection has settled. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.#busy++;
      try {
        return await fn();
      } finally {
        this.#busy--;
      }
    };
    const p = this.#queue.then(run, run);
    this.#queue = p.catch(() => undefined);
    return p;
  }

  execute(stmt: DriverStatement): Promise<RawResult> {
    return this.#serial(() => this.#execute(stmt));
  }

  #execute(stmt: DriverStatement): Promise<RawResult> {
    const params = stmt.params.map((v, i) => typeParameter(this.#rt.TYPES, v, i));
    return new Promise<RawResult>((resolve, reject) => {
      // the first result set that has columns is the statement's (as SQLAlchemy's cursor reads it)
      let columns: TediousColumnMetadata[] | null = null;
      let taken = false;
      const rows: unknown[][] = [];
      const request = new this.#rt.Request(stmt.sql, (err, rowCount) => {
        if (err) return reject(err);
        resolve({
          columns: columns === null ? [] : columns.map((c) => c.colName),
          rows,
          rowCount: columns === null ? (rowCount ?? -1) : rows.length,
          lastInsertId: null,
          columnTypes: columns === null ? [] : columns.map((c) => c.type.name),
        });
      });
      for (const p of params) request.addParameter(p.name, p.type, p.value);
      request.on("columnMetadata", (cols) => {
        if (columns === null) columns = asArray(cols);
        else taken = true;
      });
      request.on("row", (values) => {
        if (taken) return;
        rows.push(asArray<TediousColumnValue>(values).map((c) => c.value));
      });
      this.#conn.execSql(request);
    });
  }

  ping(): Promise<void> {
    return this.execute({ sql: "SELECT 1", params: [] }).then(() => undefined);
  }

  onDisconnect(listener: (error: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `beginTransaction` (a TM_BEGIN_XACT request), with the isolation level when one is given. */
  begin(opts?: BeginOptions): Promise<void> {
    const level = opts?.isolationLevel === undefined ? undefined : ISOLATION[opts.isolationLevel.toUpperCase()];
    if (opts?.isolationLevel !== undefined && level === undefined) {
      return Promise.reject(new TypeError(`tedious adapter: unknown isolation level ${JSON.stringify(opts.isolationLevel)}`));
    }
    return this.#serial(() => new Promise<void>((resolve, reject) => {
      this.#conn.beginTransaction((err) => (err ? reject(err) : resolve()), "", level);
    }));
  }

  commit(): Promise<void> {
    return this.#serial(() => new Promise<void>((resolve, reject) => {
      this.#conn.commitTransaction((err) => (err ? reject(err) : resolve()));
    }));
  }

  rollback(): Promise<void> {
    return this.#serial(() => new Promise<void>((resolve, reject) => {
      this.#conn.rollbackTransaction((err) => (err ? reject(err) : resolve()));
    }));
  }

  /** Closes the socket (the server rolls back an open transaction); safe on a dead connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    if (this.#ended !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      this.#conn.once("end", () => {
        clearTimeout(timer);
        resolve();
      });
      this.#conn.close();
    });
  }
}
