/**
 * The mysql2 adapter: MySQL and MariaDB over TCP, one `mysql2/promise` connection per pooled
 * connection, statements through `execute()` (server-side prepared statements).
 *
 * Imports only the driver contract and `mysql2`. The adapter forces `dateStrings`,
 * `supportBigNumbers` + `bigNumberStrings`, `jsonStrings`, `timezone: "Z"`, `rowsAsArray` and
 * `multipleStatements: false`, so values come back in these forms:
 *
 * | MySQL type | value |
 * |---|---|
 * | TINYINT … INT, MEDIUMINT, YEAR, FLOAT, DOUBLE | `number` |
 * | BIGINT | `number` within ±2^53, else `string` (mysql2's binary protocol with `bigNumberStrings`) |
 * | DECIMAL | `string` (exact) |
 * | CHAR, VARCHAR, TEXT, ENUM, SET | `string` |
 * | DATE, DATETIME, TIMESTAMP, TIME | `string` (`2024-01-02`, `2024-01-02 03:04:05.123`; UTC by convention) |
 * | JSON | `string` (MySQL's JSON type; on MariaDB JSON is LONGTEXT anyway) |
 * | BINARY, VARBINARY, BLOB, BIT | `Buffer` (a `Uint8Array`) |
 *
 * Parameters must be primitives, `Date` or `Uint8Array` (a `TypeError` otherwise); `bigint` is
 * sent as a decimal string. DML reports `affectedRows` as `rowCount` and `insertId` as
 * `lastInsertId`.
 *
 * **Dialect.** The capabilities' `dialect` is `"mysql"` unless `dialect: "mariadb"` is given; the
 * adapter does not probe the server (capabilities are constant and known before connecting).
 *
 * @example
 * ```ts
 * import { mysql2 } from "alkahest/adapters/mysql2";
 * const engine = createEngine(mysql2("mysql://app:secret@127.0.0.1:3306/app"));
 * ```
 * @module
 */
import mysql from "mysql2/promise";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { Mysql2ConnectionConfig, Mysql2CreateConnection } from "./client-types.js";
import { Mysql2Driver } from "./driver.js";

export type { Mysql2ConnectionConfig, Mysql2CreateConnection } from "./client-types.js";
export { Mysql2Driver, MYSQL2_FORCED_OPTIONS, mysql2Capabilities } from "./driver.js";
export { mysql2ErrorInfo } from "./errors.js";
export { Mysql2Connection } from "./connection.js";

/** Options of {@link mysql2}: mysql2 connection options plus the adapter's own. */
export interface Mysql2AdapterConfig extends Mysql2ConnectionConfig {
  /** The dialect name the engine compiles for. Default `"mysql"`. */
  dialect?: "mysql" | "mariadb";
  /** A `createConnection` compatible with `mysql2/promise`'s. Default: mysql2's. */
  createConnection?: Mysql2CreateConnection;
  /** Not accepted: the engine owns pooling. */
  pool?: never;
}

/**
 * Creates the mysql2 driver from a connection URL or connection options.
 * @example
 * ```ts
 * mysql2({ host: "127.0.0.1", user: "app", password: "secret", database: "app" });
 * ```
 */
export function mysql2(config: string | Mysql2AdapterConfig): Driver {
  const { dialect = "mysql", createConnection, pool: _pool, ...options } =
    typeof config === "string" ? ({ uri: config } as Mysql2AdapterConfig) : config;
  // mysql2's declared overloads are wider than the structural subset; it satisfies it at runtime
  const create = createConnection ?? (mysql.createConnection as unknown as Mysql2CreateConnection);
  return new Mysql2Driver(create, options, dialect);
}

/** Builds the driver from a parsed `mysql+mysql2://user:pw@host:port/db` URL (used by `createEngine(url)`). */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  return mysql2({
    ...(url.host ? { host: url.host } : {}),
    ...(url.port ? { port: url.port } : {}),
    ...(url.username ? { user: url.username } : {}),
    ...(url.password !== null ? { password: url.password } : {}),
    ...(url.database ? { database: url.database } : {}),
    ...(url.dialect === "mariadb" ? { dialect: "mariadb" as const } : {}),
    ...(options as Mysql2AdapterConfig),
  });
}
