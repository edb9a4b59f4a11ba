/**
 * The neon-ws `Driver`: PostgreSQL over Neon's WebSocket transport, one `Client` (one WebSocket)
 * per engine connection; the engine's pool does the pooling.
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { NeonWsClientConfig, NeonWsClientConstructor, NeonWsClientSettings, NeonWsTypeParsers } from "./client-types.js";
import { NeonWsConnection } from "./connection.js";
import { neonWsErrorInfo } from "./errors.js";
import { PostgreSQLDialect } from "../../src/index-postgresql.js";

/** What a Neon WebSocket session can do: the full PostgreSQL session semantics (server-side cursors included). */
export const NEON_WS_CAPABILITIES: DriverCapabilities = Object.freeze({
  dialect: "postgresql",
  transport: "websocket",
  interactiveTransactions: true,
  atomicBatch: false,
  returning: true,
  savepoints: true,
  cursors: true,
  maxParams: 65535,
});

/** The `Driver` for Neon's WebSocket `Client`. Create it with `neonWs(...)`. */
export class NeonWsDriver implements Driver {
  readonly name = "neon-ws";
  readonly capabilities = NEON_WS_CAPABILITIES;
  /** The postgresql dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = PostgreSQLDialect;
  readonly #Client: NeonWsClientConstructor;
  readonly #config: NeonWsClientConfig;
  readonly #settings: NeonWsClientSettings;
  readonly #types: NeonWsTypeParsers;

  constructor(Client: NeonWsClientConstructor, config: NeonWsClientConfig, settings: NeonWsClientSettings, types: NeonWsTypeParsers) {
    this.#Client = Client;
    this.#config = config;
    this.#settings = settings;
    this.#types = types;
  }

  async connect(): Promise<DriverConnection> {
    const client = new this.#Client({ ...this.#config });
    // per-client WebSocket settings: no global neonConfig is changed
    for (const [k, v] of Object.entries(this.#settings)) if (v !== undefined) (client.neonConfig as Record<string, unknown>)[k] = v;
    client.on("error", () => {}); // an error during the handshake must not crash the process
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return new NeonWsConnection(client, this.#types);
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return neonWsErrorInfo(err);
  }
}
