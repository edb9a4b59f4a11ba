/**
 * One PlanetScale session: a `Connection` of `@planetscale/database` per {@link PlanetscaleConnection}.
 *
 * The `Connection` sends back the session token of each response with its next request, so every
 * statement of one `PlanetscaleConnection` runs on the same server session — which is what makes
 * `START TRANSACTION` … `COMMIT`, sent as plain SQL, an interactive transaction. Requests are
 * serialised: one session never has two requests in flight (a second would race the session
 * token and the server rejects or forks it — reliability scenario E10).
 *
 * Parameters are formatted into the SQL text by the client (`?` placeholders); the adapter accepts
 * only primitives, `Date` and bytes, so that no object is spread into SQL.
 * @module
 */
import type { DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import type { PsCast, PsConnection, PsExecutedQuery, PsField } from "./client-types.js";

const INTEGRAL = new Set(["INT8", "INT16", "INT24", "INT32", "UINT8", "UINT16", "UINT24", "UINT32", "YEAR"]);
const FLOAT = new Set(["FLOAT32", "FLOAT64"]);
const BINARY_CHARSET = 63;
const utf8 = new TextDecoder();

function bytesOf(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The adapter's `cast`, matching the mysql2 adapter's value forms: integers and floats → `number`;
 * BIGINT → `number` within ±2^53, else `string`; DECIMAL, dates and times → `string`; JSON → its
 * text (unparsed); binary columns → `Uint8Array`; everything else → UTF-8 `string`.
 */
export const planetscaleCast: PsCast = (field: PsField, value: string | null): unknown => {
  if (value === null || value === undefined) return null;
  const t = field.type;
  if (INTEGRAL.has(t)) return Number.parseInt(value, 10);
  if (FLOAT.has(t)) return Number.parseFloat(value);
  if (t === "INT64" || t === "UINT64") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (t === "DECIMAL" || t === "DATE" || t === "DATETIME" || t === "TIMESTAMP" || t === "TIME") return value;
  if (field.charset === BINARY_CHARSET && t !== "JSON") return bytesOf(value);
  return utf8.decode(bytesOf(value));
};

/** Checks one parameter: primitives, `Date` and bytes pass; `undefined` → null; anything else is refused. */
function bindValue(v: unknown, index: number): unknown {
  if (v === undefined || v === null) return null;
  const t = typeof v;
  if (t === "string" || t === "number" || t === "boolean" || t === "bigint") return v;
  if (v instanceof Date) return v;
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new TypeError(
    `planetscale adapter: parameter ${index + 1} is ${Array.isArray(v) ? "an array" : `a ${t}`}; only string, number, bigint, boolean, null, Date and Uint8Array values can be bound`,
  );
}

function insertId(id: string | undefined): number | string | null {
  if (id === undefined || id === "0" || id === "") return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}

function toRaw(r: PsExecutedQuery): RawResult {
  const fields = r.fields ?? [];
  if (fields.length === 0) return { columns: [], rows: [], rowCount: r.rowsAffected ?? 0, lastInsertId: insertId(r.insertId) };
  return { columns: fields.map((f) => f.name), rows: r.rows, rowCount: r.rows.length, lastInsertId: null, columnTypes: fields.map((f) => f.type) };
}

/** The {@link DriverConnection} over one session-keeping `Connection`. */
export class PlanetscaleConnection implements DriverConnection {
  readonly #conn: PsConnection;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(conn: PsConnection) {
    this.#conn = conn;
  }

  execute(stmt: DriverStatement): Promise<RawResult> {
    if (this.#closed) return Promise.reject(new Error("planetscale adapter: this connection is closed"));
    let args: unknown[];
    try {
      args = stmt.params.map(bindValue);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#serial(async () => toRaw(await this.#conn.execute(stmt.sql, args.length > 0 ? args : null, { as: "array", cast: planetscaleCast })));
  }

  async ping(): Promise<void> {
    await this.execute({ sql: "SELECT 1", params: [] });
  }

  /** Forgets the session (the server ends it after its idle timeout). Any open transaction is rolled back by the engine first. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
