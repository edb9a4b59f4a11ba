/**
 * `createEngine(url | options, options?)`: picks the dialect, loads or takes the driver adapter,
 * and builds the pool for the runtime and transport (ARCHITECTURE.md "Pools per runtime") unless
 * one is given. With `echo`, SQL and the pool choice are logged.
 *
 * The rules for the default pool are a parameter of {@link buildEngine}: the Node entry
 * (`src/index.ts`) exports the `createEngine` below with every runtime's rules; the Workers entry
 * (`src/index-core.ts`) exports the one of `create-engine-workers.ts`, whose rules never pick a
 * QueuePool, so that QueuePool is not in a Worker bundle unless the app imports it
 * (docs/DECISIONS.md "Workers default pool").
 * @module
 */
import { ArgumentError, DBAPIError } from "../errors.js";
import { BaseDialect } from "../dialects/base/dialect.js";
import type { DialectName } from "../dialects/index.js";
import { newDialect } from "../sql/compiled.js";
import { defaultPoolClassFor, WORKERS_MAX_CONNECTIONS, type DefaultPoolChoice, type DefaultPoolInput } from "../pool/default-pool.js";
import { NullPool } from "../pool/null-pool.js";
import { QUEUE_POOL, type Pool, type PoolOptions } from "../pool/pool.js";
import type { AdapterModule, Driver, DriverTransport } from "../driver.js";
import { Engine } from "./engine.js";
import { EngineLog, type Logger } from "./logging.js";
import { detectRuntime } from "./runtime.js";
import { parseURL, renderURL, type DatabaseURL } from "./url.js";

type PoolClass = new (options: PoolOptions & Record<string, unknown>) => Pool;

export interface EngineOptions {
  /** The driver adapter (edge: pass it explicitly so bundlers keep only what is used). */
  driver?: Driver;
  /** Dialect name, when neither the URL nor the driver says it (or to force `mariadb`). */
  dialect?: Exclude<DialectName, "default"> | (string & {}) | BaseDialect;
  /** Log SQL, parameters and pool decisions. */
  echo?: boolean;
  /** Log pool checkouts/checkins. */
  echoPool?: boolean;
  /** Keep parameter values out of logs and error messages. */
  hideParameters?: boolean;
  /** Where log lines go (default `console.log`). */
  logger?: Logger;
  /** A pool class (`QueuePool`, `NullPool`, `StaticPool`, `AssertionPool`)... */
  poolClass?: PoolClass;
  /** ...or a ready pool, built from the engine's connection factory. */
  pool?: (options: PoolOptions) => Pool;
  poolSize?: number;
  maxOverflow?: number;
  /** Seconds to wait for a connection (QueuePool; NullPool under its maxConnections). */
  poolTimeout?: number;
  /** Seconds after which a connection is replaced at checkout (-1: never). */
  poolRecycle?: number;
  /** Test each connection with a ping at checkout. */
  poolPrePing?: boolean;
  /** Reuse the most recently returned connection first (QueuePool). */
  poolUseLifo?: boolean;
  /** Extra options given to the adapter when it is loaded from the URL (`ssl`, `connectTimeout`, ...). */
  connectArgs?: Record<string, unknown>;
  /** Clock for pool recycling (tests). */
  clock?: () => number;
}

/** Transport of the adapters loadable by URL (to choose the pool before the adapter is loaded). */
const URL_DRIVER_TRANSPORT: Record<string, DriverTransport> = {
  pg: "tcp",
  mysql2: "tcp",
  tedious: "tcp",
  libsql: "embedded",
  "neon-ws": "websocket",
  "neon-http": "http",
  planetscale: "http",
};

/** Loads an adapter by name from `alkahest/adapters/<name>` (a bare specifier: no bundler follows it). */
async function loadAdapter(url: DatabaseURL, connectArgs: Record<string, unknown>): Promise<Driver> {
  const name = url.driver;
  if (!name || !/^[a-z0-9-]+$/.test(name)) throw new ArgumentError(`the URL names no driver; write ${url.dialect}+<driver>://...`);
  const specifier = `alkahest/adapters/${name}`;
  let mod: Partial<AdapterModule>;
  try {
    mod = (await import(specifier)) as Partial<AdapterModule>;
  } catch (e) {
    throw new ArgumentError(
      `cannot load the ${name} adapter (${specifier}): ${(e as Error).message}. ` +
        `Install the driver package it needs, or pass { driver } to createEngine explicitly`,
      { cause: e },
    );
  }
  if (typeof mod.fromURL !== "function") throw new ArgumentError(`${specifier} does not export fromURL(); pass { driver } to createEngine instead`);
  return mod.fromURL(url, connectArgs);
}

/**
 * The engine's dialect: the option's object, else the class the driver brings (its adapter imported
 * that dialect's entry point), else a registered name (option, driver capability, URL). Each engine
 * gets its own instance (and compiled-statement cache).
 */
function resolveDialect(option: EngineOptions["dialect"], driver: Driver | null, url: DatabaseURL | null): BaseDialect {
  if (option && typeof option === "object") return option;
  const name = option ?? driver?.capabilities.dialect ?? url?.dialect;
  if (!name || name === "default") throw new ArgumentError(`unknown dialect ${JSON.stringify(name)} (known: postgresql, mysql, mariadb, sqlite, mssql)`);
  const own = driver?.dialectClass ? new driver.dialectClass() : null;
  const d = own && (option === undefined || own.name === name) ? own : newDialect(name);
  if (!(d instanceof BaseDialect)) throw new ArgumentError(`dialect ${JSON.stringify(name)} is not an alkahest dialect (a BaseDialect subclass)`);
  return d;
}

/** Rules for the pool an engine gets when none is named (`defaultPoolClassFor` or the Workers rules). */
export type DefaultPoolRules = (input: DefaultPoolInput) => DefaultPoolChoice;

export function createEngine(urlOrOptions: string | EngineOptions, maybeOptions: EngineOptions = {}): Engine {
  return buildEngine(urlOrOptions, maybeOptions, defaultPoolClassFor);
}

/** `createEngine` with the given default-pool rules (internal: the Node and Workers entries each pass theirs). */
export function buildEngine(urlOrOptions: string | EngineOptions, maybeOptions: EngineOptions, defaultPool: DefaultPoolRules): Engine {
  const options: EngineOptions = typeof urlOrOptions === "string" ? maybeOptions : urlOrOptions;
  if (options === null || typeof options !== "object") throw new ArgumentError("createEngine(): options must be an object");
  const url = typeof urlOrOptions === "string" ? parseURL(urlOrOptions) : null;
  const driver = options.driver ?? null;
  if (!url && !driver) throw new ArgumentError("createEngine(): give a database URL or { driver }");

  const dialect = resolveDialect(options.dialect, driver, url);

  const log = new EngineLog(options.echo ?? false, options.hideParameters ?? false, options.logger);
  const transport: DriverTransport = driver?.capabilities.transport ?? URL_DRIVER_TRANSPORT[url?.driver ?? ""] ?? "tcp";
  const memory = driver?.capabilities.memory ?? (url?.dialect === "sqlite" && url.database === ":memory:");
  const runtime = detectRuntime();
  const choice = defaultPool({ transport, runtime, memory });

  // Workers allow 6 simultaneous outgoing connections per request (E03): a NullPool there queues
  // beyond 6, and a QueuePool that could open more refuses its configuration (told by its
  // maxConnections, so that the check and its message are in a bundle only with QueuePool)
  const workersLimited = runtime === "workers" && (transport === "tcp" || transport === "websocket");
  const poolClass = (options.poolClass ?? choice.poolClass) as PoolClass;
  // QueuePool and its subclasses, told by a static mark so that this module does not import QueuePool
  const isQueue = (poolClass as unknown as Record<symbol, unknown>)[QUEUE_POOL] === true;

  const makePool = (engine: Engine): Pool => {
    const base: PoolOptions = {
      creator: () => engine._createConnection(),
      isDisconnect: (err) => {
        if (err instanceof DBAPIError) return err.connectionInvalidated;
        try {
          return engine.driver.errorInfo(err).isDisconnect;
        } catch {
          return false;
        }
      },
      poolPrePing: options.poolPrePing ?? choice.prePing,
      poolRecycle: options.poolRecycle ?? -1,
      resetOnReturn: (dc) => engine._resetOnReturn(dc),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.echoPool ? { log: (m: string) => log.info(`pool: ${m}`) } : {}),
    };
    if (options.pool) {
      const p = options.pool(base);
      log.info(`pool: ${p.constructor.name} (given)`);
      return p;
    }
    const Cls = poolClass;
    const queueOptions = { poolSize: options.poolSize, maxOverflow: options.maxOverflow, poolTimeout: options.poolTimeout, lifo: options.poolUseLifo };
    const extra: Record<string, unknown> = {};
    const isNull = (Cls as unknown) === NullPool || Cls.prototype instanceof NullPool;
    if (isQueue) {
      for (const [k, v] of Object.entries(queueOptions)) if (v !== undefined) extra[k] = v;
    } else {
      for (const [k, v] of Object.entries(queueOptions)) {
        if (v === undefined) continue;
        if (isNull && k === "poolTimeout") extra[k] = v;
        else log.info(`pool: ${Cls.name} has no ${k === "lifo" ? "poolUseLifo" : k} setting; ignored`);
      }
    }
    if ((isNull || isQueue) && workersLimited) extra.maxConnections = WORKERS_MAX_CONNECTIONS;
    const pool = new Cls({ ...base, ...extra });
    log.info(`pool: ${pool.constructor.name} (${options.poolClass ? "poolClass option" : `${runtime} runtime, ${transport} transport: ${choice.reason}`})`);
    return pool;
  };

  return new Engine({
    dialect,
    driver,
    loadDriver: () => loadAdapter(url!, options.connectArgs ?? {}),
    makePool,
    log,
    hideParameters: options.hideParameters ?? false,
    url: url ? renderURL(url) : null,
  });
}
