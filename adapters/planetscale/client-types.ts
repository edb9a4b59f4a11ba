/**
 * The structural subset of `@planetscale/database` that the adapter uses.
 * @module
 */

/** A column as the PlanetScale HTTP API describes it (Vitess type names: `INT64`, `VARCHAR`, `BLOB`…). */
export interface PsField {
  name: string;
  type: string;
  charset?: number | null;
  flags?: number | null;
}

/** `cast(field, value)`: turns one cell (a binary string, or null) into a JS value. */
export type PsCast = (field: PsField, value: string | null) => unknown;

/** What `connection.execute(…, { as: "array" })` resolves to (a subset of `ExecutedQuery`). */
export interface PsExecutedQuery {
  fields: PsField[];
  rows: unknown[][];
  rowsAffected: number;
  insertId: string;
}

/** A `Connection`: keeps the server's session token between its requests. */
export interface PsConnection {
  execute(query: string, args: unknown[] | null, options: { as: "array"; cast?: PsCast }): Promise<PsExecutedQuery>;
}

/** Options of `new Connection(config)` / `connect(config)` (a subset; others pass through). */
export interface PsConfig {
  url?: string;
  host?: string;
  username?: string;
  password?: string;
  fetch?: (input: string, init?: unknown) => Promise<unknown>;
  [option: string]: unknown;
}

/** `@planetscale/database`'s `connect(config)`. */
export type PsConnect = (config: PsConfig) => PsConnection;
