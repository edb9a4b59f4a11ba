/**
 * The PlanetScale `Driver`: MySQL (Vitess) over PlanetScale's HTTP API, one session-keeping
 * `Connection` per engine connection.
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { PsConfig, PsConnect } from "./client-types.js";
import { PlanetscaleConnection } from "./connection.js";
import { planetscaleErrorInfo } from "./errors.js";
import { MySQLDialect } from "../../src/index-mysql.js";

/**
 * What PlanetScale's HTTP API can do: interactive transactions (and SQL savepoints) on a session,
 * one request at a time per session; no atomic multi-statement request, no `RETURNING`.
 */
export const PLANETSCALE_CAPABILITIES: DriverCapabilities = Object.freeze({
  dialect: "mysql",
  transport: "http",
  interactiveTransactions: true,
  atomicBatch: false,
  returning: false,
  savepoints: true,
  cursors: false,
  sessionConcurrency: 1,
});

/** The `Driver` for `@planetscale/database`. Create it with the `planetscale(...)` factory. */
export class PlanetscaleDriver implements Driver {
  readonly name = "planetscale";
  readonly capabilities = PLANETSCALE_CAPABILITIES;
  /** The mysql dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = MySQLDialect;
  readonly #connect: PsConnect;
  readonly #config: PsConfig;

  constructor(connect: PsConnect, config: PsConfig) {
    this.#connect = connect;
    this.#config = config;
  }

  /** No I/O: the session is created by the first request. */
  async connect(): Promise<DriverConnection> {
    return new PlanetscaleConnection(this.#connect({ ...this.#config }));
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return planetscaleErrorInfo(err);
  }
}
