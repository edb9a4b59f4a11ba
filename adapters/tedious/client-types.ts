/**
 * The structural subset of `tedious` (19.x) that the adapter uses, so that the adapter's own
 * modules depend on shapes rather than on the package's classes.
 * @module
 */

/** A tedious data type (`TYPES.Int`, `TYPES.NVarChar`, …). */
export interface TediousDataType {
  readonly name: string;
  readonly id?: number;
}

/** The `TYPES` table entries the adapter binds with. */
export interface TediousTypes {
  readonly Bit: TediousDataType;
  readonly Int: TediousDataType;
  readonly BigInt: TediousDataType;
  readonly Float: TediousDataType;
  readonly NVarChar: TediousDataType;
  readonly VarBinary: TediousDataType;
  readonly DateTime2: TediousDataType;
}

/** One column's metadata (`columnMetadata` event). */
export interface TediousColumnMetadata {
  readonly colName: string;
  readonly type: { readonly name: string; readonly id?: number };
}

/** One value of a row (`row` event with `useColumnNames: false`). */
export interface TediousColumnValue {
  readonly value: unknown;
  readonly metadata: TediousColumnMetadata;
}

/** A request (`new Request(sql, callback)`). */
export interface TediousRequest {
  addParameter(name: string, type: TediousDataType, value?: unknown, options?: Readonly<Record<string, unknown>> | null): void;
  on(event: "columnMetadata", listener: (columns: TediousColumnMetadata[] | Record<string, TediousColumnMetadata>) => void): this;
  on(event: "row", listener: (columns: TediousColumnValue[] | Record<string, TediousColumnValue>) => void): this;
}

/** `new Request(sql, callback)`; the callback receives the error or the total row count. */
export type TediousRequestConstructor = new (
  sql: string,
  callback: (err: Error | null | undefined, rowCount?: number) => void,
) => TediousRequest;

/** A tedious connection. */
export interface TediousConnection {
  connect(callback?: (err?: Error) => void): void;
  execSql(request: TediousRequest): void;
  beginTransaction(callback: (err: Error | null | undefined, txDescriptor?: Buffer) => void, name?: string, isolationLevel?: number): void;
  commitTransaction(callback: (err: Error | null | undefined) => void, name?: string): void;
  rollbackTransaction(callback: (err: Error | null | undefined) => void, name?: string): void;
  close(): void;
  on(event: "error", listener: (err: Error) => void): this;
  on(event: "end", listener: () => void): this;
  once(event: "end", listener: () => void): this;
  removeListener(event: string, listener: (...args: never[]) => void): this;
  readonly closed?: boolean;
}

/** The `ConnectionConfiguration` of tedious (a subset; other options pass through). */
export interface TediousConfig {
  server: string;
  authentication?: {
    type: string;
    options: Record<string, unknown>;
  };
  options?: {
    port?: number;
    database?: string;
    encrypt?: boolean | string;
    trustServerCertificate?: boolean;
    connectTimeout?: number;
    requestTimeout?: number;
    [option: string]: unknown;
  };
}

/** `new Connection(config)`. */
export type TediousConnectionConstructor = new (config: TediousConfig) => TediousConnection;
