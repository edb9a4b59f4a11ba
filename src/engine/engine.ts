/**
 * `Engine`: a dialect, a driver adapter and a pool. `engine.connect()` / `engine.begin()` in
 * callback, manual and `await using` forms, `engine.batch([...])`, events, `dispose()`.
 * @module
 */
import { ArgumentError, InvalidRequestError } from "../errors.js";
import type { Listeners, ListenOptions } from "../event.js";
import type { BaseDialect } from "../dialects/base/dialect.js";
import type { ClauseElement } from "../sql/elements/clause.js";
import type { CompiledSQL } from "../sql/compiled.js";
import { createAllPlan, dropAllPlan } from "../sql/ddl/schema-plan.js";
import { text } from "../sql/elements/text.js";
import type { MetaData, SchemaBind } from "../sql/schema/metadata.js";
import type { TableImpl } from "../sql/schema/table.js";
import type { Pool } from "../pool/pool.js";
import type { PooledConnection } from "../pool/pooled-connection.js";
import type { PoolEventName } from "../pool/events.js";
import { Connection } from "./connection.js";
import type { Driver, DriverConnection } from "../driver.js";
import { wrapDriverError } from "./error-mapping.js";
import type { EngineLog } from "./logging.js";
import type { Result } from "./result.js";

export type EngineEventMap = {
  beforeExecute: (conn: Connection, statement: ClauseElement, params: unknown) => unknown;
  afterExecute: (conn: Connection, statement: ClauseElement, params: unknown, result: Result<unknown[]>) => unknown;
  beforeCursorExecute: (conn: Connection, sql: string, params: readonly unknown[], context: object) => unknown;
  afterCursorExecute: (conn: Connection, sql: string, params: readonly unknown[], context: object) => unknown;
};

const ENGINE_EVENTS = ["beforeExecute", "afterExecute", "beforeCursorExecute", "afterCursorExecute"] as const;
const POOL_EVENTS = new Set<string>(["connect", "checkout", "checkin", "invalidate", "close"]);

export interface EngineInit {
  dialect: BaseDialect;
  loadDriver: () => Promise<Driver>;
  driver: Driver | null;
  makePool: (engine: Engine) => Pool;
  log: EngineLog;
  hideParameters: boolean;
  url: string | null;
}

export class Engine implements SchemaBind, AsyncDisposable {
  #dialect: BaseDialect;
  #driver: Driver | null;
  #driverLoading: Promise<Driver> | null = null;
  readonly #loadDriver: () => Promise<Driver>;
  #initialized = false;
  declare readonly log: EngineLog;
  declare readonly hideParameters: boolean;
  /** The URL with its password hidden, when the engine was made from one. */
  declare readonly url: string | null;
  declare pool: Pool;
  /** Created by the first `event.listen(engine, ...)` (which brings the class), so that an engine nobody listens to needs no registry code. */
  #events: Listeners<EngineEventMap> | null = null;
  /** @internal driver connections with an open transaction (rolled back when returned to the pool). */
  readonly _txOpen = new WeakSet<DriverConnection>();
  /** @internal */
  _hasCursorListeners = false;
  /** @internal true while a beforeExecute/afterExecute listener is registered. */
  _hasExecuteListeners = false;

  constructor(init: EngineInit) {
    this.#dialect = init.dialect;
    this.#driver = init.driver;
    this.#loadDriver = init.loadDriver;
    this.log = init.log;
    this.hideParameters = init.hideParameters;
    this.url = init.url;
    this.pool = init.makePool(this);
  }

  /** The dialect statements are compiled for (`mysql` becomes `mariadb` after the first connection to MariaDB). */
  get dialect(): BaseDialect {
    return this.#dialect;
  }

  get name(): string {
    return this.#dialect.name;
  }

  /** The driver adapter; loaded on first use when the engine was made from a URL. */
  get driver(): Driver {
    if (!this.#driver) throw new InvalidRequestError("the driver is not loaded yet: connect first (await engine.connect())");
    return this.#driver;
  }

  /** @internal */
  async _ensureDriver(): Promise<Driver> {
    if (this.#driver) return this.#driver;
    this.#driverLoading ??= this.#loadDriver().then((d) => {
      this.#driver = d;
      return d;
    });
    try {
      return await this.#driverLoading;
    } catch (e) {
      this.#driverLoading = null;
      throw e;
    }
  }

  /** @internal the pool's creator: a new driver connection, first-connect initialisation once. */
  async _createConnection(): Promise<DriverConnection> {
    const driver = await this._ensureDriver();
    let dc: DriverConnection;
    try {
      dc = await driver.connect();
    } catch (e) {
      // a failed connect is a DBAPIError (OperationalError for a refused/unreachable server), as any driver error
      throw wrapDriverError(driver, e, { hideParameters: this.hideParameters }).error;
    }
    if (!this.#initialized) {
      try {
        await this.#initialize(dc);
      } catch (e) {
        await dc.close().catch(() => undefined);
        throw wrapDriverError(driver, e, { hideParameters: this.hideParameters }).error;
      }
      this.#initialized = true;
    }
    return dc;
  }

  /** First-connect initialisation, as the dialect asks (MySQL: MariaDB is told apart by its version string). */
  async #initialize(dc: DriverConnection): Promise<void> {
    const sql = this.#dialect.firstConnectSQL();
    if (sql === null) return;
    const r = await dc.execute({ sql, params: [] });
    const next = this.#dialect.onFirstConnect(r.rows[0]?.[0]);
    if (next) {
      this.#dialect = next.dialect;
      this.log.info(next.note);
    }
  }

  /** @internal */
  async _checkout(): Promise<PooledConnection> {
    await this._ensureDriver();
    return this.pool.connect();
  }

  /** @internal the pool's reset-on-return: roll back a transaction left open. */
  async _resetOnReturn(dc: DriverConnection): Promise<void> {
    if (!this._txOpen.has(dc)) return;
    this._txOpen.delete(dc);
    if (dc.rollback) await dc.rollback();
    else await dc.execute({ sql: this.#dialect.rollbackSQL(), params: [] });
  }

  /** Compiles a statement for this engine's dialect (what `execute` would send). */
  compile(statement: ClauseElement): CompiledSQL {
    if (!statement || typeof (statement as ClauseElement)._ck !== "function") {
      throw new ArgumentError(
        typeof statement === "string"
          ? "execute(): a plain string is not accepted as SQL; wrap raw SQL in text(...)"
          : "execute(): expected a statement (select(), insert(), text(), ...)",
      );
    }
    return this.#dialect.compile(statement);
  }

  // ---- connect / begin ----------------------------------------------------------------------

  /** A connection from the pool; with a callback, the connection is closed afterwards (uncommitted work rolled back). */
  connect(): Promise<Connection>;
  connect<R>(fn: (conn: Connection) => Promise<R> | R): Promise<R>;
  async connect<R>(fn?: (conn: Connection) => Promise<R> | R): Promise<Connection | R> {
    const conn = new Connection(this, await this._checkout());
    if (!fn) return conn;
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  }

  /** A connection in a transaction; with a callback, committed at the end or rolled back on a throw. */
  begin(): Promise<Connection>;
  begin<R>(fn: (conn: Connection) => Promise<R> | R): Promise<R>;
  async begin<R>(fn?: (conn: Connection) => Promise<R> | R): Promise<Connection | R> {
    const conn = new Connection(this, await this._checkout());
    try {
      await conn.begin();
    } catch (e) {
      await conn.close().catch(() => undefined);
      throw e;
    }
    if (!fn) return conn;
    try {
      const out = await fn(conn);
      await conn.commit();
      return out;
    } catch (e) {
      await conn.rollback().catch(() => undefined);
      throw e;
    } finally {
      await conn.close();
    }
  }

  /** Runs statements as one atomic request where the adapter has one (neon-http, d1, libsql). */
  async batch(statements: readonly ClauseElement[]): Promise<Result<unknown[]>[]> {
    return this.connect((conn) => conn.batch(statements));
  }

  /** Closes the pool's connections; the engine stays usable with a fresh pool. */
  async dispose(): Promise<void> {
    const old = this.pool;
    this.pool = old.recreate();
    await old.dispose();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  // ---- events -------------------------------------------------------------------------------

  /** @internal `event.listen(engine, name, fn)` */
  _listen(name: string, fn: (...args: any[]) => unknown, options: ListenOptions, registry: typeof Listeners): () => void {
    if (POOL_EVENTS.has(name)) {
      // pool events follow the pool across dispose() (recreate copies listeners)
      return this.pool.on(name as PoolEventName, fn as never);
    }
    const off = (this.#events ??= new registry<EngineEventMap>("Engine", ENGINE_EVENTS)).add(name, fn, options);
    this.#updateListenerFlags();
    return () => {
      off();
      this.#updateListenerFlags();
    };
  }

  #updateListenerFlags(): void {
    const events = this.#events!;
    this._hasCursorListeners = events.has("beforeCursorExecute") || events.has("afterCursorExecute");
    this._hasExecuteListeners = events.has("beforeExecute") || events.has("afterExecute");
  }

  /** @internal */
  async _emit<K extends keyof EngineEventMap>(name: K, ...args: Parameters<EngineEventMap[K]>): Promise<void> {
    await this.#events?.emit(name, ...args);
  }

  // ---- schema -------------------------------------------------------------------------------

  /** @internal `metadata.createAll(engine)` */
  async _createAll(metadata: MetaData, options: { checkfirst: boolean; tables?: readonly TableImpl[] }): Promise<void> {
    await this.#runSchemaPlan((existing) =>
      createAllPlan(metadata, { dialect: this.#dialect.name, ...(options.tables ? { tables: options.tables } : {}), ...(existing ? { existing } : {}) }),
    options.checkfirst);
  }

  /** @internal `metadata.dropAll(engine)` */
  async _dropAll(metadata: MetaData, options: { checkfirst: boolean; tables?: readonly TableImpl[] }): Promise<void> {
    await this.#runSchemaPlan((existing) =>
      dropAllPlan(metadata, { dialect: this.#dialect.name, ...(options.tables ? { tables: options.tables } : {}), ...(existing ? { existing } : {}) }),
    options.checkfirst);
  }

  /**
   * Runs a DDL plan in one transaction; on drivers without interactive transactions (neon-http,
   * D1) as one atomic batch, or statement by statement when there is no batch either.
   */
  async #runSchemaPlan(plan: (existing: Set<string> | undefined) => readonly ClauseElement[], checkfirst: boolean): Promise<void> {
    await this._ensureDriver();
    const caps = this.driver.capabilities;
    if (caps.interactiveTransactions) {
      await this.begin(async (conn) => {
        const existing = checkfirst ? await this.#tableNames(conn) : undefined;
        for (const element of plan(existing)) await conn.execute(element);
      });
      return;
    }
    await this.connect(async (conn) => {
      const existing = checkfirst ? await this.#tableNames(conn) : undefined;
      const elements = plan(existing);
      if (elements.length === 0) return;
      if (caps.atomicBatch) await conn.batch(elements);
      else for (const element of elements) await conn.execute(element);
    });
  }

  async #tableNames(conn: Connection): Promise<Set<string>> {
    const sql = this.#dialect.tableNamesSQL();
    if (!sql) return new Set();
    const r = await conn.execute(text(sql));
    return new Set(r.all().map((row) => String(row[0])));
  }

  toString(): string {
    return `Engine(${this.url ?? this.#dialect.name})`;
  }
}
