/**
 * The structural subset of `mysql2/promise` that the adapter uses.
 * @module
 */

/** A column description (`FieldPacket`). */
export interface Mysql2Field {
  name: string;
  /** The MySQL protocol type code (`MYSQL_TYPE_*`). */
  columnType?: number;
  type?: number;
}

/** What a DML statement resolves to instead of rows. */
export interface Mysql2ResultHeader {
  affectedRows: number;
  insertId: number | string;
  warningStatus?: number;
}

/** The options of `connection.execute()` the adapter sends. */
export interface Mysql2QueryOptions {
  sql: string;
  rowsAsArray: true;
}

/** One session: a `mysql2/promise` `Connection`. */
export interface Mysql2Connection {
  execute(options: Mysql2QueryOptions, values: unknown[]): Promise<[unknown, Mysql2Field[] | undefined]>;
  ping(): Promise<void>;
  end(): Promise<void>;
  destroy(): void;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  readonly threadId: number | null;
}

/** Connection options: a subset of mysql2's `ConnectionOptions`; others pass through. */
export interface Mysql2ConnectionConfig {
  uri?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: unknown;
  connectTimeout?: number;
  charset?: string;
  [option: string]: unknown;
}

/** `mysql2/promise`'s `createConnection`. */
export type Mysql2CreateConnection = (config: Mysql2ConnectionConfig) => Promise<Mysql2Connection>;
