/**
 * The tedious `Driver`: one tedious `Connection` per session (tedious has no pool of its own; the
 * engine's pool is on top).
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { TediousConfig, TediousConnection, TediousConnectionConstructor } from "./client-types.js";
import { TediousConnectionImpl, type TediousRuntime } from "./connection.js";
import { tediousErrorInfo } from "./errors.js";
import { MSSQLDialect } from "../../src/index-mssql.js";

/**
 * What tedious over TCP can do: interactive transactions through tedious' transaction manager,
 * savepoints as `SAVE TRANSACTION`, `OUTPUT` for generated values, 2100 parameters per request,
 * no atomic multi-statement request, no server-side cursors.
 */
export const TEDIOUS_CAPABILITIES: DriverCapabilities = Object.freeze({
  dialect: "mssql",
  transport: "tcp",
  interactiveTransactions: true,
  atomicBatch: false,
  returning: true,
  savepoints: true,
  cursors: false,
  maxParams: 2100,
  sessionConcurrency: 1,
});

/** The `Driver` for tedious. Create it with the `tedious(...)` factory of `index.ts`. */
export class TediousDriver implements Driver {
  readonly name = "tedious";
  readonly capabilities = TEDIOUS_CAPABILITIES;
  /** The mssql dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = MSSQLDialect;
  readonly #Connection: TediousConnectionConstructor;
  readonly #runtime: TediousRuntime;
  readonly #config: TediousConfig;

  constructor(Connection: TediousConnectionConstructor, runtime: TediousRuntime, config: TediousConfig) {
    this.#Connection = Connection;
    this.#runtime = runtime;
    this.#config = config;
  }

  async connect(): Promise<DriverConnection> {
    // rows as arrays, and the row events are enough (no second copy of every row)
    const options = { ...this.#config.options, useColumnNames: false, rowCollectionOnDone: false, rowCollectionOnRequestCompletion: false };
    const conn: TediousConnection = new this.#Connection({ ...this.#config, options });
    // listen before connecting: a socket error during the handshake must not crash the process
    const early = (_err: Error): void => {};
    conn.on("error", early);
    await new Promise<void>((resolve, reject) => {
      conn.connect((err) => (err ? reject(err) : resolve()));
    }).catch((err: unknown) => {
      conn.close();
      throw err;
    });
    return new TediousConnectionImpl(conn, this.#runtime);
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return tediousErrorInfo(err);
  }
}
