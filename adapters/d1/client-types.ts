/**
 * The structural subset of Cloudflare's D1 binding (`D1Database`, from `@cloudflare/workers-types`)
 * that the adapter uses. No type import: a Worker's `env.DB`, miniflare's `getD1Database()` proxy
 * and test doubles all fit.
 * @module
 */

/** A value D1's `bind()` accepts. */
export type D1Value = null | string | number | ArrayBuffer | ArrayBufferView;

/** `meta` of a D1 result (only the fields the adapter reads). */
export interface D1Meta {
  changes?: number;
  last_row_id?: number;
  [key: string]: unknown;
}

/** What `run()`/`all()` and each element of `batch()` resolve to. */
export interface D1Result {
  success: boolean;
  results?: Record<string, unknown>[];
  meta: D1Meta;
}

/** A prepared statement. */
export interface D1PreparedStatement {
  bind(...values: D1Value[]): D1PreparedStatement;
  run(): Promise<D1Result>;
  all(): Promise<D1Result>;
  raw(options: { columnNames: true }): Promise<[string[], ...unknown[][]] | unknown[][]>;
}

/** The binding (`env.DB`). */
export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  batch(statements: D1PreparedStatement[]): Promise<D1Result[]>;
}
