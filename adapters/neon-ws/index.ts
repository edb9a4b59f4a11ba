/**
 * The neon-ws adapter: PostgreSQL through Neon's serverless driver over WebSocket (`Client` from
 * `@neondatabase/serverless`), one WebSocket per engine connection. Full session semantics:
 * interactive transactions and savepoints (as SQL), as with the pg adapter, whose value forms it
 * shares (types parsed per query, never through a global `setTypeParser`).
 *
 * | capability | value |
 * |---|---|
 * | dialect / transport | `postgresql` / `websocket` |
 * | interactiveTransactions / savepoints | true / true |
 * | atomicBatch / returning / cursors | false / true / false |
 *
 * Node 20 has no global `WebSocket`: pass `webSocketConstructor` (e.g. the `ws` package's
 * default export). WebSocket settings are applied per client (`client.neonConfig`), never to the
 * global `neonConfig`. In a Cloudflare Worker, use a NullPool engine per request (the default):
 * a socket may not outlive its request.
 *
 * @example
 * ```ts
 * import ws from "ws";
 * import { neonWs } from "alkahest/adapters/neon-ws";
 * const engine = createEngine(neonWs({ connectionString: process.env.DATABASE_URL, webSocketConstructor: ws }));
 * ```
 * @module
 */
import { Client, types } from "@neondatabase/serverless";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { NeonWsClientConfig, NeonWsClientConstructor, NeonWsClientSettings, NeonWsTypesRegistry } from "./client-types.js";
import { neonWsTypeParsers } from "./connection.js";
import { NeonWsDriver } from "./driver.js";

export type { NeonWsClientConfig, NeonWsClientSettings, NeonWebSocketConstructor } from "./client-types.js";
export { NeonWsDriver, NEON_WS_CAPABILITIES } from "./driver.js";
export { neonWsErrorInfo } from "./errors.js";
export { NeonWsConnection } from "./connection.js";

/** Options of {@link neonWs}: a `ClientConfig`, the per-client WebSocket settings, and the constructor. */
export interface NeonWsConfig extends NeonWsClientConfig, NeonWsClientSettings {
  /** A `Client`-compatible constructor (default: the package's `Client`). */
  Client?: NeonWsClientConstructor;
}

const SETTING_KEYS = ["webSocketConstructor", "wsProxy", "useSecureWebSocket", "pipelineConnect", "pipelineTLS", "forceDisablePgSSL"] as const;

/** Creates the neon-ws driver from a connection string or options. */
export function neonWs(config: string | NeonWsConfig): Driver {
  const c: NeonWsConfig = typeof config === "string" ? { connectionString: config } : { ...config };
  const settings: NeonWsClientSettings = {};
  for (const k of SETTING_KEYS) {
    if (c[k] !== undefined) (settings as Record<string, unknown>)[k] = c[k];
    delete c[k];
  }
  const { Client: Ctor, ...clientConfig } = c;
  return new NeonWsDriver(
    Ctor ?? (Client as unknown as NeonWsClientConstructor),
    clientConfig,
    settings,
    neonWsTypeParsers(types as unknown as NeonWsTypesRegistry),
  );
}

/** Builds the driver from a parsed `postgresql+neon-ws://user:pw@host/db` URL. */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  return neonWs({
    ...(url.host ? { host: url.host } : {}),
    ...(url.port ? { port: url.port } : {}),
    ...(url.username ? { user: url.username } : {}),
    ...(url.password !== null ? { password: url.password } : {}),
    ...(url.database ? { database: url.database } : {}),
    ...(options as NeonWsConfig),
  });
}
