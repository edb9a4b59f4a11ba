/**
 * The node-postgres `Driver`: one `pg.Client` per session; the engine's pool does the pooling.
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { PgClientConfig, PgClientConstructor, PgTypeParsers } from "./client-types.js";
import { PgConnection } from "./connection.js";
import { pgErrorInfo } from "./errors.js";
import { PostgreSQLDialect } from "../../src/index-postgresql.js";

/**
 * What pg over TCP can do. `cursors`: `stream()` declares a server-side cursor and fetches it in
 * pages (plain SQL, no `pg-cursor` dependency).
 */
export const PG_CAPABILITIES: DriverCapabilities = Object.freeze({
  dialect: "postgresql",
  transport: "tcp",
  interactiveTransactions: true,
  atomicBatch: false,
  returning: true,
  savepoints: true,
  cursors: true,
  maxParams: 65535,
});

/** The `Driver` for node-postgres. Create it with the `pg(...)` factory of `index.ts`. */
export class PgDriver implements Driver {
  readonly name = "pg";
  readonly capabilities = PG_CAPABILITIES;
  /** The postgresql dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = PostgreSQLDialect;
  readonly #Client: PgClientConstructor;
  readonly #config: PgClientConfig;
  readonly #types: PgTypeParsers;

  constructor(Client: PgClientConstructor, config: PgClientConfig, types: PgTypeParsers) {
    this.#Client = Client;
    this.#config = config;
    this.#types = types;
  }

  async connect(): Promise<DriverConnection> {
    const client = new this.#Client({ ...this.#config });
    // listen before connecting: a socket error during the handshake must not crash the process
    const early = (_err: Error): void => {};
    client.on("error", early);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return new PgConnection(client, this.#types);
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return pgErrorInfo(err);
  }
}
