/**
 * The tedious adapter: Microsoft SQL Server over TDS, one tedious `Connection` per pooled
 * connection. Parameters are typed from their JS values (see `params.ts`); rows come back as
 * arrays of tedious' decoded values (`INT` → number, `BIGINT` → string, `BIT` → boolean,
 * `NVARCHAR` → string, `DATETIME2` → `Date`, `VARBINARY` → `Buffer`).
 *
 * Not verified against a live SQL Server here: the adapter is tested against a canned-response
 * TDS endpoint (protocol contract) and, with `MSSQL_URL` set, against a real server.
 *
 * @example
 * ```ts
 * import { tedious } from "alkahest/adapters/tedious";
 * const engine = createEngine({ driver: tedious("mssql+tedious://sa:secret@127.0.0.1:1433/app?encrypt=false") });
 * ```
 * @module
 */
import tediousModule from "tedious";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { TediousConfig, TediousConnectionConstructor, TediousRequestConstructor, TediousTypes } from "./client-types.js";
import { TediousDriver } from "./driver.js";

export type { TediousConfig } from "./client-types.js";
export { TediousDriver, TEDIOUS_CAPABILITIES } from "./driver.js";
export { tediousErrorInfo } from "./errors.js";
export { TediousConnectionImpl } from "./connection.js";
export { typeParameter } from "./params.js";

/** Options of {@link tedious}: a tedious `ConnectionConfiguration`. */
export type TediousAdapterConfig = TediousConfig;

const TRUE = /^(1|true|yes|on)$/i;

/** Parses `mssql+tedious://user:pw@host:port/db?encrypt=false&trustServerCertificate=true` into a tedious config. */
export function configFromURL(url: DriverURL): TediousConfig {
  const q = url.query;
  const options: NonNullable<TediousConfig["options"]> = {
    port: url.port ?? 1433,
    encrypt: q["encrypt"] === undefined ? true : TRUE.test(q["encrypt"]),
    trustServerCertificate: q["trustServerCertificate"] === undefined ? false : TRUE.test(q["trustServerCertificate"]),
  };
  if (url.database) options.database = url.database;
  if (q["connectTimeout"]) options.connectTimeout = Number(q["connectTimeout"]);
  if (q["requestTimeout"]) options.requestTimeout = Number(q["requestTimeout"]);
  return {
    server: url.host ?? "localhost",
    authentication: { type: "default", options: { userName: url.username ?? "", password: url.password ?? "" } },
    options,
  };
}

/** Parses a URL string (`mssql+tedious://…` or `mssql://…`) without the engine. */
function parseURLString(s: string): DriverURL {
  const u = new URL(s);
  const [dialect = "mssql", driver = null] = u.protocol.replace(/:$/, "").split("+");
  const query: Record<string, string> = {};
  u.searchParams.forEach((v, k) => { query[k] = v; });
  return {
    dialect, driver, query,
    username: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
    host: u.hostname || null,
    port: u.port ? Number(u.port) : null,
    database: u.pathname.length > 1 ? decodeURIComponent(u.pathname.slice(1)) : null,
  };
}

/**
 * Creates the tedious driver from a URL or a tedious `ConnectionConfiguration`.
 * @example
 * ```ts
 * tedious({ server: "127.0.0.1", authentication: { type: "default", options: { userName: "sa", password: "x" } },
 *   options: { database: "app", encrypt: false } });
 * ```
 */
export function tedious(config: string | TediousAdapterConfig): Driver {
  const cfg = typeof config === "string" ? configFromURL(parseURLString(config)) : config;
  // tedious' declared classes are wider than the structural subset; they satisfy it at runtime
  return new TediousDriver(
    tediousModule.Connection as unknown as TediousConnectionConstructor,
    { Request: tediousModule.Request as unknown as TediousRequestConstructor, TYPES: tediousModule.TYPES as unknown as TediousTypes },
    cfg,
  );
}

/** Builds the driver from a parsed `mssql+tedious://user:pw@host:port/db?encrypt=false` URL (used by `createEngine(url)`). */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  const cfg = configFromURL(url);
  return tedious({ ...cfg, options: { ...cfg.options, ...(options as TediousConfig["options"]) } });
}
