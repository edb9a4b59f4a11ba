/**
 * The node-postgres (`pg`) adapter: PostgreSQL over TCP, one `pg.Client` per pooled connection.
 *
 * Imports only the driver contract and `pg`. Types are parsed per query (never through
 * `pg.types.setTypeParser`), and values come back in these forms:
 *
 * | PostgreSQL type | value |
 * |---|---|
 * | int2, int4, oid, float4, float8 | `number` |
 * | int8, numeric, money | `string` (exact) |
 * | bool | `boolean` |
 * | text, varchar, char, uuid, xml, inet, … | `string` |
 * | date, time, timetz, timestamp, timestamptz, interval | `string`, the server's text (`2024-01-02 03:04:05.123456`, `…+00`) |
 * | json, jsonb | `string` (unparsed JSON text) |
 * | bytea | `Buffer` (a `Uint8Array`) |
 * | arrays | arrays; elements of the types above that are text stay text |
 *
 * `Date` parameters are sent as UTC ISO text. `lastInsertId` is always `null` (use `RETURNING`).
 *
 * @example
 * ```ts
 * import { pg } from "alkahest/adapters/pg";
 * const engine = createEngine(pg("postgres://app:secret@127.0.0.1:5432/app"));
 * ```
 * @module
 */
import pgModule from "pg";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { PgClientConfig, PgClientConstructor, PgTypesRegistry } from "./client-types.js";
import { pgTypeParsers } from "./connection.js";
import { PgDriver } from "./driver.js";

export type { PgClient, PgClientConfig, PgClientConstructor } from "./client-types.js";
export { PgDriver, PG_CAPABILITIES } from "./driver.js";
export { pgErrorInfo } from "./errors.js";
export { PgConnection } from "./connection.js";

/** Options of {@link pg}: a `pg.ClientConfig` plus the client constructor to use. */
export interface PgAdapterConfig extends PgClientConfig {
  /**
   * A `pg.Client`-compatible constructor (the workerd build of `pg`, an instrumented subclass).
   * Default: `pg.Client`.
   */
  Client?: PgClientConstructor;
  /** Not accepted: the engine owns pooling (give it a `pool` option instead of a `pg.Pool`). */
  pool?: never;
}

/**
 * Creates the node-postgres driver from a connection string or a client config.
 * @example
 * ```ts
 * pg({ host: "127.0.0.1", user: "app", password: "secret", database: "app" });
 * ```
 */
export function pg(config: string | PgAdapterConfig): Driver {
  const { Client, pool: _pool, ...clientConfig } =
    typeof config === "string" ? ({ connectionString: config } as PgAdapterConfig) : config;
  // `pg.Client`'s declared types are wider than the structural subset; it satisfies it at runtime
  const ClientCtor = Client ?? (pgModule.Client as unknown as PgClientConstructor);
  const registry = pgModule.types as unknown as PgTypesRegistry;
  return new PgDriver(ClientCtor, clientConfig, pgTypeParsers(registry));
}

/** Builds the driver from a parsed `postgresql+pg://user:pw@host:port/db` URL (used by `createEngine(url)`). */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  return pg({
    ...(url.host ? { host: url.host } : {}),
    ...(url.port ? { port: url.port } : {}),
    ...(url.username ? { user: url.username } : {}),
    ...(url.password !== null ? { password: url.password } : {}),
    ...(url.database ? { database: url.database } : {}),
    ...(options as PgAdapterConfig),
  });
}
