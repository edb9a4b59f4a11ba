/**
 * The PlanetScale adapter (`@planetscale/database`): MySQL on PlanetScale over its HTTP API.
 *
 * | capability | value |
 * |---|---|
 * | dialect / transport | `mysql` / `http` |
 * | interactiveTransactions | true — through the session token one `Connection` keeps (`START TRANSACTION`/`COMMIT` as SQL) |
 * | atomicBatch / returning | false / false |
 * | savepoints | true (SQL on the session) |
 * | sessionConcurrency | 1 — requests of one connection are serialised |
 *
 * Imports only the driver contract and `@planetscale/database`. The client formats parameters
 * into the SQL text (`?` placeholders, escaped by the client); the adapter refuses anything but
 * primitives, `Date` and bytes. Values come back in the mysql2 adapter's forms (see
 * `planetscaleCast`). DML reports `rowsAffected` and `insertId`.
 *
 * @example
 * ```ts
 * import { planetscale } from "alkahest/adapters/planetscale";
 * const engine = createEngine(planetscale({ url: env.DATABASE_URL }));
 * ```
 * @module
 */
import { connect } from "@planetscale/database";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { PsConfig, PsConnect } from "./client-types.js";
import { PlanetscaleDriver } from "./driver.js";

export type { PsConfig, PsConnect, PsField } from "./client-types.js";
export { PlanetscaleDriver, PLANETSCALE_CAPABILITIES } from "./driver.js";
export { planetscaleErrorInfo } from "./errors.js";
export { PlanetscaleConnection, planetscaleCast } from "./connection.js";

/** Options of {@link planetscale}: the client's config plus the `connect` to use. */
export interface PlanetscaleConfig extends PsConfig {
  /** A `connect`-compatible factory (default: the package's `connect`). */
  connect?: PsConnect;
  /** Not accepted: the adapter installs its own `cast`. */
  cast?: never;
}

/**
 * Creates the PlanetScale driver from a URL (`https://user:password@host`; `http://` is kept for
 * local endpoints) or client options.
 */
export function planetscale(config: string | PlanetscaleConfig): Driver {
  const { connect: factory, cast: _cast, ...options } = typeof config === "string" ? ({ url: config } as PlanetscaleConfig) : config;
  return new PlanetscaleDriver(factory ?? (connect as unknown as PsConnect), options);
}

/** Builds the driver from a parsed `mysql+planetscale://user:pw@host/db` URL (HTTPS to `host`). */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  return planetscale({
    ...(url.host ? { host: url.port ? `${url.host}:${url.port}` : url.host } : {}),
    ...(url.username ? { username: url.username } : {}),
    ...(url.password !== null ? { password: url.password } : {}),
    ...(options as PlanetscaleConfig),
  });
}
