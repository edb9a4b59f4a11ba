/**
 * One MySQL/MariaDB session: a `mysql2/promise` connection per {@link Mysql2Connection}.
 *
 * Statements go through `connection.execute()` (server-side prepared statements, cached per
 * connection by mysql2), so values are bound by the server, never spliced into SQL text. Values are
 * still checked to be primitives (reliability scenario C07): an object or array is a bug upstream,
 * and mysql2's text path would expand it into SQL.
 * @module
 */
import { Buffer } from "node:buffer";
import type { DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import type { Mysql2Connection as Mysql2Client, Mysql2Field, Mysql2ResultHeader } from "./client-types.js";

/**
 * Checks and normalises one parameter: `undefined` → `null`, `Uint8Array` → `Buffer` (mysql2
 * recognises only `Buffer` as binary), `bigint` → decimal string (exact for any BIGINT).
 * Throws a `TypeError` naming the position for anything that is not a primitive, `Date` or bytes.
 */
function bindValue(v: unknown, index: number): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
    case "number":
    case "boolean":
      return v;
    case "bigint":
      return v.toString();
    case "object":
      if (v instanceof Date || Buffer.isBuffer(v)) return v;
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      break;
  }
  throw new TypeError(
    `mysql2 adapter: parameter ${index + 1} is ${Array.isArray(v) ? "an array" : `a ${typeof v}`}; only ` +
      "string, number, bigint, boolean, null, Date and Uint8Array values can be bound (convert it with a type's bind processor)",
  );
}

function isResultHeader(v: unknown): v is Mysql2ResultHeader {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "affectedRows" in v;
}

/** The {@link DriverConnection} over one mysql2 connection. Built by the mysql2 `Driver`'s `connect()`. */
export class Mysql2Connection implements DriverConnection {
  readonly #conn: Mysql2Client;
  readonly #listeners = new Set<(error: unknown) => void>();
  #lost: unknown = undefined;
  #closing: Promise<void> | undefined;

  /** Wraps an open connection. Attaches the `error`/`end` listeners at once. */
  constructor(conn: Mysql2Client) {
    this.#conn = conn;
    // an 'error' event without a listener would crash the process
    conn.on("error", (err) => this.#disconnected(err));
    conn.on("end", () => this.#disconnected(new Error("Connection lost: the server closed the connection.")));
  }

  /** The server's connection id (`CONNECTION_ID()`), e.g. for `KILL`. */
  get threadId(): number | null {
    return this.#conn.threadId ?? null;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    const values = stmt.params.map(bindValue);
    const [result, fields] = await this.#conn.execute({ sql: stmt.sql, rowsAsArray: true }, values);
    if (isResultHeader(result)) {
      return { columns: [], rows: [], rowCount: result.affectedRows, lastInsertId: result.insertId };
    }
    const rows = result as unknown[][];
    const f: Mysql2Field[] = fields ?? [];
    return {
      columns: f.map((c) => c.name),
      rows,
      rowCount: rows.length,
      lastInsertId: null,
      columnTypes: f.map((c) => c.columnType ?? c.type ?? null),
    };
  }

  async ping(): Promise<void> {
    await this.#conn.ping();
  }

  onDisconnect(listener: (error: unknown) => void): () => void {
    if (this.#lost !== undefined) {
      queueMicrotask(() => listener(this.#lost));
      return () => {};
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#lost !== undefined
      ? Promise.resolve(this.#conn.destroy())
      : this.#conn.end().catch(() => this.#conn.destroy()); // end() rejects on a dead socket
    return this.#closing;
  }

  #disconnected(error: unknown): void {
    if (this.#lost !== undefined || this.#closing !== undefined) return;
    this.#lost = error;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const l of listeners) {
      try {
        l(error);
      } catch {
        // a listener's failure must not turn a socket event into an uncaught exception
      }
    }
  }
}
