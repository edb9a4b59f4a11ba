/**
 * A neon-http "connection": a request context over the `neon()` query function. Nothing is kept
 * between requests, so `close()` has nothing to free. Each statement is one `POST /sql`; a batch
 * is one `sql.transaction([...])` request (one transaction on the server, all or nothing).
 * @module
 */
import type { DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import { postgresTypeParsers } from "../../src/engine/driver-postgres-values.js";
import type { NeonFullResult, NeonHttpQueryOptions, NeonQueryFunction, NeonTypeParsers, NeonTypesRegistry } from "./client-types.js";

/** Per-query type parsers, the same forms as the pg adapter (shared table). @internal */
export function neonTypeParsers(registry: NeonTypesRegistry): NeonTypeParsers {
  return postgresTypeParsers(registry);
}


const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Parameters as the server should see them: `Date` as UTC ISO text, bytes as bytea hex text
 * (`\x…`), `bigint` as decimal text, `undefined` as null. Other values go through the driver's
 * own `prepareValue` (booleans and numbers as text, arrays as array literals, objects as JSON).
 */
export function prepareNeonParams(params: readonly unknown[]): unknown[] {
  return params.map((v) => {
    if (v === undefined || v === null) return null;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) {
      let s = "\\x";
      for (let i = 0; i < v.length; i++) s += HEX[v[i]!];
      return s;
    }
    return v;
  });
}

function toRaw(r: NeonFullResult): RawResult {
  const fields = r.fields ?? [];
  return {
    columns: fields.map((f) => f.name),
    rows: r.rows ?? [],
    rowCount: r.rowCount ?? -1,
    lastInsertId: null,
    columnTypes: fields.map((f) => f.dataTypeID),
  };
}

/** Options applied to every batch (`transaction()`) request of a driver. */
export type NeonBatchOptions = Pick<NeonHttpQueryOptions, "isolationLevel" | "readOnly" | "deferrable">;

/** The {@link DriverConnection} of neon-http. Built by the driver's `connect()`; holds no resource. */
export class NeonHttpConnection implements DriverConnection {
  readonly #sql: NeonQueryFunction;
  readonly #opts: NeonHttpQueryOptions;
  readonly #batchOpts: NeonBatchOptions;
  #closed = false;

  constructor(sql: NeonQueryFunction, types: NeonTypeParsers, batchOpts: NeonBatchOptions = {}, fetchOptions?: Record<string, unknown>) {
    this.#sql = sql;
    this.#opts = { arrayMode: true, fullResults: true, types, ...(fetchOptions ? { fetchOptions } : {}) };
    this.#batchOpts = batchOpts;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    this.#check();
    return toRaw((await this.#sql.query(stmt.sql, prepareNeonParams(stmt.params), this.#opts)) as NeonFullResult);
  }

  /**
   * One request, one server transaction: `sql.transaction([...])` with the driver's isolation,
   * read-only and deferrable options. The server reports the error of the failing statement but
   * not its position, so batch errors carry no `statementIndex`.
   */
  async batch(stmts: DriverStatement[]): Promise<RawResult[]> {
    this.#check();
    if (stmts.length === 0) return [];
    const queries = stmts.map((s) => this.#sql.query(s.sql, prepareNeonParams(s.params), this.#opts));
    const results = await this.#sql.transaction(queries, { ...this.#opts, ...this.#batchOpts });
    return (results as NeonFullResult[]).map(toRaw);
  }

  async ping(): Promise<void> {
    await this.execute({ sql: "SELECT 1", params: [] });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error("neon-http adapter: this connection is closed");
  }
}
