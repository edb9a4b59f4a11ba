/**
 * The structural subset of node-postgres (`pg`) that the adapter uses. Typing the client
 * structurally lets callers inject any `pg.Client`-compatible constructor (the workerd build of
 * `pg`, a test double) without a type import of `pg` in the adapter's public surface.
 * @module
 */

/** Per-query type parsers (`QueryConfig.types`): pg calls it once per result column. */
export interface PgTypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

/** The query-config form of `client.query()` the adapter sends. */
export interface PgQueryConfig {
  text: string;
  values?: unknown[];
  rowMode: "array";
  types: PgTypeParsers;
}

/** A column description from the server's RowDescription message. */
export interface PgField {
  name: string;
  dataTypeID: number;
}

/** What `client.query()` resolves to (one result; an array for multi-statement simple queries). */
export interface PgQueryResult {
  command: string;
  rowCount: number | null;
  rows: unknown[][];
  fields: PgField[];
}

/** The session object: one `pg.Client`. */
export interface PgClient {
  connect(): Promise<unknown>;
  query(config: PgQueryConfig): Promise<PgQueryResult | PgQueryResult[]>;
  end(): Promise<unknown>;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  /** The server backend's pid, known after connect. */
  readonly processID?: number | null;
}

/**
 * Options passed to the client constructor: a subset of `pg.ClientConfig`; anything else is
 * handed through unchanged.
 */
export interface PgClientConfig {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string | (() => string | Promise<string>);
  database?: string;
  ssl?: unknown;
  connectionTimeoutMillis?: number;
  statement_timeout?: number;
  query_timeout?: number;
  application_name?: string;
  keepAlive?: boolean;
  [option: string]: unknown;
}

/** A `pg.Client`-compatible constructor. */
export type PgClientConstructor = new (config: PgClientConfig) => PgClient;

/** The part of `pg.types` (the pg-types registry) the adapter reads; it never writes to it. */
export interface PgTypesRegistry {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}
