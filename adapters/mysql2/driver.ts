/**
 * The mysql2 `Driver`: one `mysql2/promise` connection per session, with the connection options
 * that make values come back exact and time-zone independent.
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { Mysql2ConnectionConfig, Mysql2CreateConnection } from "./client-types.js";
import { Mysql2Connection } from "./connection.js";
import { mysql2ErrorInfo } from "./errors.js";
import { MySQLDialect } from "../../src/index-mysql.js";

/**
 * Options the adapter always sets (after the caller's): dates as text, DECIMAL and unsafe BIGINT as strings,
 * JSON as text, UTC for `Date` parameters, one statement per request (scenario C12).
 */
export const MYSQL2_FORCED_OPTIONS = Object.freeze({
  dateStrings: true,
  supportBigNumbers: true,
  bigNumberStrings: true,
  jsonStrings: true,
  decimalNumbers: false,
  multipleStatements: false,
  timezone: "Z",
  rowsAsArray: true,
});

/**
 * Capabilities for MySQL/MariaDB over TCP. `returning` is false: MariaDB ≥ 10.5 has
 * `INSERT/DELETE … RETURNING`, MySQL has none, and the `mysql` dialect compiles for both.
 */
export function mysql2Capabilities(dialect: string): DriverCapabilities {
  return Object.freeze({
    dialect,
    transport: "tcp",
    interactiveTransactions: true,
    atomicBatch: false,
    returning: false,
    savepoints: true,
    cursors: false,
    maxParams: 65535,
  });
}

/** The `Driver` for mysql2. Create it with the `mysql2(...)` factory of `index.ts`. */
export class Mysql2Driver implements Driver {
  readonly name = "mysql2";
  declare readonly capabilities: DriverCapabilities;
  /** The mysql dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = MySQLDialect;
  readonly #create: Mysql2CreateConnection;
  readonly #config: Mysql2ConnectionConfig;

  constructor(create: Mysql2CreateConnection, config: Mysql2ConnectionConfig, dialect: string) {
    this.#create = create;
    this.#config = { ...config, ...MYSQL2_FORCED_OPTIONS };
    this.capabilities = mysql2Capabilities(dialect);
  }

  async connect(): Promise<DriverConnection> {
    return new Mysql2Connection(await this.#create({ ...this.#config }));
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return mysql2ErrorInfo(err);
  }
}
