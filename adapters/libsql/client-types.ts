/**
 * The structural subset of `@libsql/client` that the adapter uses.
 * @module
 */

/** A value libsql binds (`InValue`). */
export type LibsqlInValue = null | string | number | bigint | boolean | ArrayBuffer | Uint8Array | Date;

/** One statement with positional arguments. */
export interface LibsqlStatement {
  sql: string;
  args: LibsqlInValue[];
}

/** A result row: array-like (indexed by column position) with named properties. */
export interface LibsqlRow {
  readonly length: number;
  readonly [index: number]: unknown;
}

/** What `execute()` resolves to. */
export interface LibsqlResultSet {
  columns: string[];
  columnTypes: string[];
  rows: LibsqlRow[];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

/** An interactive transaction (`client.transaction(mode)`). */
export interface LibsqlTransaction {
  execute(stmt: LibsqlStatement): Promise<LibsqlResultSet>;
  batch(stmts: LibsqlStatement[]): Promise<LibsqlResultSet[]>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): void;
  readonly closed: boolean;
}

/** `"write"` (`BEGIN IMMEDIATE`), `"read"` (read-only), `"deferred"` (`BEGIN DEFERRED`). */
export type LibsqlTransactionMode = "write" | "read" | "deferred";

/** A libsql client. */
export interface LibsqlClient {
  execute(stmt: LibsqlStatement): Promise<LibsqlResultSet>;
  batch(stmts: LibsqlStatement[], mode?: LibsqlTransactionMode): Promise<LibsqlResultSet[]>;
  transaction(mode?: LibsqlTransactionMode): Promise<LibsqlTransaction>;
  close(): void;
  readonly closed: boolean;
}

/** The options of `createClient` (a subset; others pass through). */
export interface LibsqlClientConfig {
  url: string;
  authToken?: string;
  /** How integers are returned: `"number"` (default; throws above 2^53), `"bigint"` or `"string"`. */
  intMode?: "number" | "bigint" | "string";
  /** Connections (file) or concurrent requests (remote) one client may use. */
  concurrency?: number;
  [option: string]: unknown;
}

/** `@libsql/client`'s `createClient`. */
export type LibsqlCreateClient = (config: LibsqlClientConfig) => LibsqlClient;
