/**
 * The neon-http adapter: PostgreSQL through Neon's serverless driver in HTTP mode (`neon()` from
 * `@neondatabase/serverless`). Every statement is one HTTPS request; nothing is kept between
 * requests, so the engine's default pool for it is a NullPool.
 *
 * | capability | value |
 * |---|---|
 * | dialect / transport | `postgresql` / `http` |
 * | interactiveTransactions | **false** — `engine.begin()` raises `NotSupportedError` (use `engine.batch([...])`, or the neon-ws adapter) |
 * | atomicBatch | true — `sql.transaction([...])`: one request, one server transaction |
 * | returning / savepoints / cursors | true / false / false |
 *
 * Imports only the driver contract and `@neondatabase/serverless`. Values come back as from the
 * pg adapter (types are parsed per query with the `types` option, never through a global
 * `setTypeParser`): int2/int4/float → `number`; int8, numeric, dates, times, json → the server's
 * text; bool → `boolean`; bytea → bytes; arrays → arrays. `Date` parameters are sent as UTC ISO
 * text, bytes as bytea hex, `bigint` as decimal text. Batch errors carry no statement index: the
 * protocol reports only the failing statement's error.
 *
 * @example
 * ```ts
 * import { neonHttp } from "alkahest/adapters/neon-http";
 * const engine = createEngine(neonHttp(env.DATABASE_URL));
 * ```
 * @module
 */
import { neon, neonConfig, types } from "@neondatabase/serverless";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { NeonFactory, NeonGlobalConfig, NeonIsolationLevel, NeonTypesRegistry } from "./client-types.js";
import { neonTypeParsers } from "./connection.js";
import { NeonHttpDriver } from "./driver.js";

export type { NeonFactory, NeonIsolationLevel, NeonQueryFunction } from "./client-types.js";
export { NeonHttpDriver, NEON_HTTP_CAPABILITIES } from "./driver.js";
export { neonHttpErrorInfo } from "./errors.js";
export { NeonHttpConnection, prepareNeonParams } from "./connection.js";

/** Options of {@link neonHttp}. */
export interface NeonHttpConfig {
  /** `postgres://user:password@host/db`, sent to the endpoint in the `Neon-Connection-String` header. */
  connectionString: string;
  /**
   * The SQL-over-HTTP URL for this connection string's host (e.g. a local endpoint in tests).
   * Neon's `fetchEndpoint` is a global setting; the adapter installs a dispatcher on
   * `neonConfig.fetchEndpoint` that sends only this host and port here and leaves every other
   * host to the previous setting.
   */
  fetchEndpoint?: string;
  /** Bearer token (JWT) or a function returning one (Neon RLS / Authorize). */
  authToken?: string | (() => Promise<string> | string);
  /** Merged into every `fetch()` init (e.g. `{ priority: "high" }`, a `signal`). */
  fetchOptions?: Record<string, unknown>;
  /** Isolation level of every batch transaction (the server's default when absent). */
  isolationLevel?: NeonIsolationLevel;
  /** Run batches as `READ ONLY` transactions. */
  readOnly?: boolean;
  /** `DEFERRABLE` batches (with `readOnly` and `Serializable`). */
  deferrable?: boolean;
  /** A `neon`-compatible factory (default: the package's `neon`). */
  neon?: NeonFactory;
}

const routes = new Map<string, string>();
let dispatcherInstalled = false;

function hostKey(host: string, port: number | string | undefined): string {
  return `${host.toLowerCase()}:${port === undefined || port === "" ? "5432" : String(port)}`;
}

/** Routes requests for `connectionString`'s host:port to `endpoint` (see {@link NeonHttpConfig.fetchEndpoint}). */
function routeFetchEndpoint(config: NeonGlobalConfig, connectionString: string, endpoint: string): void {
  const url = new URL(connectionString);
  routes.set(hostKey(url.hostname, url.port), endpoint);
  if (dispatcherInstalled) return;
  dispatcherInstalled = true;
  const previous = config.fetchEndpoint;
  config.fetchEndpoint = (host, port, options) =>
    routes.get(hostKey(host, port)) ?? (typeof previous === "function" ? previous(host, port, options) : previous);
}

/**
 * Creates the neon-http driver from a connection string or options.
 * @example
 * ```ts
 * neonHttp({ connectionString: env.DATABASE_URL, isolationLevel: "Serializable" });
 * ```
 */
export function neonHttp(config: string | NeonHttpConfig): Driver {
  const c: NeonHttpConfig = typeof config === "string" ? { connectionString: config } : config;
  if (c.fetchEndpoint !== undefined) routeFetchEndpoint(neonConfig as unknown as NeonGlobalConfig, c.connectionString, c.fetchEndpoint);
  const factory = c.neon ?? (neon as unknown as NeonFactory);
  const sql = factory(c.connectionString, c.authToken !== undefined ? { authToken: c.authToken } : {});
  const batch = {
    ...(c.isolationLevel !== undefined ? { isolationLevel: c.isolationLevel } : {}),
    ...(c.readOnly !== undefined ? { readOnly: c.readOnly } : {}),
    ...(c.deferrable !== undefined ? { deferrable: c.deferrable } : {}),
  };
  return new NeonHttpDriver(sql, neonTypeParsers(types as unknown as NeonTypesRegistry), batch, c.fetchOptions);
}

/** Builds the driver from a parsed `postgresql+neon-http://user:pw@host/db` URL (used by `createEngine(url)`). */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  const auth = url.username ? `${encodeURIComponent(url.username)}${url.password !== null ? `:${encodeURIComponent(url.password)}` : ""}@` : "";
  const connectionString = `postgresql://${auth}${url.host ?? "localhost"}${url.port ? `:${url.port}` : ""}/${url.database ?? ""}`;
  return neonHttp({ ...(options as Partial<NeonHttpConfig>), connectionString });
}
