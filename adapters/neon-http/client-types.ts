/**
 * The structural subset of `@neondatabase/serverless`'s HTTP API (`neon()`) that the adapter uses.
 * @module
 */

/** Per-query type parsers (`HTTPQueryOptions.types`): called once per result column. */
export interface NeonTypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

/** The part of neon's exported `types` (pg-types) registry the adapter reads; never written. */
export interface NeonTypesRegistry {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

/** Options of one query and of `transaction()` (a subset of `HTTPTransactionOptions`). */
export interface NeonHttpQueryOptions {
  arrayMode?: boolean;
  fullResults?: boolean;
  types?: NeonTypeParsers;
  fetchOptions?: Record<string, unknown>;
  isolationLevel?: NeonIsolationLevel;
  readOnly?: boolean;
  deferrable?: boolean;
}

/** Isolation levels the batch (`transaction()`) accepts. */
export type NeonIsolationLevel = "ReadUncommitted" | "ReadCommitted" | "RepeatableRead" | "Serializable";

/** A column as the server describes it. */
export interface NeonField {
  name: string;
  dataTypeID: number;
}

/** A result with `fullResults: true, arrayMode: true`. */
export interface NeonFullResult {
  fields: NeonField[];
  rows: unknown[][];
  command: string;
  rowCount: number | null;
}

/** A lazy query (`NeonQueryPromise`): sent when awaited, or collected by `transaction()`. */
export type NeonQueryPromise = PromiseLike<unknown>;

/** The function `neon()` returns. */
export interface NeonQueryFunction {
  query(text: string, params?: unknown[], opts?: NeonHttpQueryOptions): NeonQueryPromise;
  transaction(queries: NeonQueryPromise[], opts?: NeonHttpQueryOptions): Promise<unknown[]>;
}

/** `neon(connectionString, options)`. */
export type NeonFactory = (connectionString: string, opts?: Record<string, unknown>) => NeonQueryFunction;

/** The global-only part of `neonConfig` the adapter may touch (`fetchEndpoint`). */
export interface NeonGlobalConfig {
  fetchEndpoint: string | ((host: string, port: number | string, options?: { jwtAuth?: boolean }) => string);
}
