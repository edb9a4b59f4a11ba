/**
 * The neon-http `Driver`: PostgreSQL over Neon's SQL-over-HTTP endpoint, one stateless request per
 * statement or batch. No interactive transactions: `engine.begin()` raises `NotSupportedError`;
 * `engine.batch([...])` is the atomic unit.
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { NeonQueryFunction, NeonTypeParsers } from "./client-types.js";
import { NeonHttpConnection, type NeonBatchOptions } from "./connection.js";
import { neonHttpErrorInfo } from "./errors.js";
import { PostgreSQLDialect } from "../../src/index-postgresql.js";

/** What Neon's HTTP transport can do. */
export const NEON_HTTP_CAPABILITIES: DriverCapabilities = Object.freeze({
  dialect: "postgresql",
  transport: "http",
  interactiveTransactions: false,
  atomicBatch: true,
  returning: true,
  savepoints: false,
  cursors: false,
  maxParams: 65535,
});

/** The `Driver` for `neon()`. Create it with the `neonHttp(...)` factory of `index.ts`. */
export class NeonHttpDriver implements Driver {
  readonly name = "neon-http";
  readonly capabilities = NEON_HTTP_CAPABILITIES;
  /** The postgresql dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = PostgreSQLDialect;
  readonly #sql: NeonQueryFunction;
  readonly #types: NeonTypeParsers;
  readonly #batch: NeonBatchOptions;
  readonly #fetchOptions: Record<string, unknown> | undefined;

  constructor(sql: NeonQueryFunction, types: NeonTypeParsers, batch: NeonBatchOptions = {}, fetchOptions?: Record<string, unknown>) {
    this.#sql = sql;
    this.#types = types;
    this.#batch = batch;
    this.#fetchOptions = fetchOptions;
  }

  /** No I/O: a connection is a request context. */
  async connect(): Promise<DriverConnection> {
    return new NeonHttpConnection(this.#sql, this.#types, this.#batch, this.#fetchOptions);
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return neonHttpErrorInfo(err);
  }
}
