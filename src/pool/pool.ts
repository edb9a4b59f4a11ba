/**
 * The pool base class: the checkout/checkin protocol shared by every strategy (SQLAlchemy's
 * `Pool`, as a template method). Subclasses decide only where slots come from and where they go
 * (`doGet`, `doReturn`, `doDispose`) and how they are counted.
 *
 * What the base does at checkout: reconnect a slot whose connection was invalidated, recycled
 * (`poolRecycle`, read from an injectable clock) or made stale by {@link Pool.invalidateAll};
 * pre-ping a connection that has been used before (`poolPrePing`), replacing it transparently when
 * the ping fails with a disconnect (at most 3 attempts); run `checkout` listeners. At checkin: run
 * the injected reset-on-return hook, discarding the connection if it fails.
 *
 * Pools get a `creator` and an `isDisconnect` classifier rather than a `Driver`, so they can be
 * tested without one. Durations are in seconds, as in SQLAlchemy.
 * @module
 */
import type { DriverConnection } from "../engine/driver.js";
import { ArgumentError, InvalidRequestError } from "../errors.js";
import { PoolRecord, type ConnectionRecord } from "./connection-record.js";
import { PoolEvents, type PoolEventMap, type PoolEventName } from "./events.js";
import { PooledConnection, type ProxyOwner } from "./pooled-connection.js";

/** Schedules `callback` after `ms` milliseconds; returns a function that cancels it. */
export type PoolTimer = (callback: () => void, ms: number) => () => void;

/** Receives what the pool would otherwise swallow (close failures, listener errors) and echo messages. */
export type PoolLogger = (message: string, error?: unknown) => void;

/** Run on every live connection coming back to the pool (the engine passes one that rolls back an open transaction). */
export type ResetOnReturn = (conn: DriverConnection, record: ConnectionRecord) => Promise<void>;

/** Options shared by every pool. */
export interface PoolOptions {
  /** Opens a new driver connection (usually `() => driver.connect()`). */
  creator: () => Promise<DriverConnection>;
  /** Tells whether an error means the connection is dead (usually `(e) => driver.errorInfo(e).isDisconnect`). Default: never. */
  isDisconnect?: (error: unknown) => boolean;
  /** Ping a previously used connection at checkout and replace it if it is dead. Default `false`. */
  poolPrePing?: boolean;
  /** Replace a connection at checkout once it is older than this many seconds; `-1` (default) never. */
  poolRecycle?: number;
  /** Called on each live connection returned to the pool; if it rejects, the connection is discarded. Default: none. */
  resetOnReturn?: ResetOnReturn | null;
  /** Current time in milliseconds, for recycling. Default `Date.now`. */
  clock?: () => number;
  /** Timer used for `poolTimeout`. Default `setTimeout`. */
  timer?: PoolTimer;
  /** Where swallowed errors and pool echo go. Default: nowhere. */
  log?: PoolLogger;
}

/** How often checkout reconnects after a disconnect found by pre-ping or a `checkout` listener. */
const CHECKOUT_ATTEMPTS = 3;

const defaultTimer: PoolTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

/**
 * Static mark of `QueuePool` (inherited by its subclasses): lets `createEngine` recognise a
 * QueuePool class without importing QueuePool, which a Worker bundle then leaves out.
 */
export const QUEUE_POOL: unique symbol = Symbol.for("alkahest.QueuePool");

export abstract class Pool {
  readonly #creator: () => Promise<DriverConnection>;
  readonly #isDisconnect: (error: unknown) => boolean;
  readonly #prePing: boolean;
  readonly #recycleMs: number;
  readonly #reset: ResetOnReturn | null;
  readonly #clock: () => number;
  readonly #timer: PoolTimer;
  readonly #log: PoolLogger;
  readonly #events = new PoolEvents();
  readonly #owner: ProxyOwner;
  /** Closes in flight, so that dispose() can wait for them. */
  readonly #closing = new Set<Promise<void>>();
  #disposed = false;
  #generation = 0;
  #nextRecordId = 1;

  constructor(options: PoolOptions) {
    if (typeof options?.creator !== "function") {
      throw new ArgumentError(`${new.target.name} needs a creator: () => Promise<DriverConnection>`);
    }
    const recycle = options.poolRecycle ?? -1;
    if (typeof recycle !== "number" || Number.isNaN(recycle) || (recycle < 0 && recycle !== -1)) {
      throw new ArgumentError(`poolRecycle must be a number of seconds ≥ 0, or -1 for never (got ${String(recycle)})`);
    }
    this.#creator = options.creator;
    this.#isDisconnect = options.isDisconnect ?? (() => false);
    this.#prePing = options.poolPrePing ?? false;
    this.#recycleMs = recycle < 0 ? -1 : recycle * 1000;
    this.#reset = options.resetOnReturn ?? null;
    this.#clock = options.clock ?? Date.now;
    this.#timer = options.timer ?? defaultTimer;
    this.#log = options.log ?? (() => {});
    this.#owner = {
      name: new.target.name,
      release: (record) => this.#release(record),
      invalidate: async (record, error) => {
        await this.#invalidateRecord(record, error);
        await this.#checkin(record);
      },
      softInvalidate: (record, error) => this.#softInvalidate(record, error),
    };
  }

  // ---- public surface ---------------------------------------------------------------------

  /**
   * Checks a connection out. Reconnects, recycles and pre-pings as configured; resolves with a
   * proxy that must be given back with `release()` or `invalidate()`.
   * @throws InvalidRequestError when the pool was disposed; the driver's error when it cannot
   * connect; `TimeoutError` from a bounded pool that stays exhausted for `poolTimeout` seconds.
   */
  async connect(): Promise<PooledConnection> {
    if (this.#disposed) {
      throw new InvalidRequestError(
        `This ${this.constructor.name} has been disposed; create a new one with pool.recreate() ` +
          "(engine.dispose() replaces the engine's pool for you)",
      );
    }
    const record = await this.doGet();
    record.checkedOut = true;
    return this.#checkout(record);
  }

  /**
   * Closes idle connections now, and checked-out ones when they come back (without a reset: closing
   * the session rolls it back); resolves once every close the pool has begun has finished. Later
   * `connect()` calls reject. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.doDispose();
    await Promise.all([...this.#closing]);
  }

  /** True once {@link dispose} was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Whether checkout pre-pings reused connections. */
  get prePing(): boolean {
    return this.#prePing;
  }

  /**
   * Marks every existing connection stale: each is replaced at its next checkout, while current
   * holders keep theirs (SQLAlchemy's pool-wide invalidation after a disconnect).
   */
  invalidateAll(): void {
    this.#generation++;
  }

  /** Subscribes to a pool event; returns the function that unsubscribes. */
  on<K extends PoolEventName>(name: K, listener: PoolEventMap[K]): () => void {
    return this.#events.on(name, listener);
  }

  /** A new, empty pool of the same class, options and listeners (what `engine.dispose()` swaps in). */
  abstract recreate(): Pool;
  /** Configured number of kept connections. */
  abstract size(): number;
  /** Slots idle in the pool. */
  abstract checkedin(): number;
  /** Slots handed out (including those being connected for a caller). */
  abstract checkedout(): number;
  /** Slots beyond `size()` (SQLAlchemy semantics: negative while the pool is below its size). */
  abstract overflow(): number;
  /** One human-readable line with the counts. */
  abstract status(): string;

  // ---- template methods ---------------------------------------------------------------------

  /** Returns a slot for a caller, counted as checked out. May create it with {@link createRecord}. */
  protected abstract doGet(): Promise<PoolRecord>;
  /**
   * Takes a slot back. When the pool is disposed its connection is already closed and the slot
   * must not be kept.
   */
  protected abstract doReturn(record: PoolRecord): Promise<void>;
  /** Closes idle slots (with {@link closeRecord}) and fails pending waiters. */
  protected abstract doDispose(): Promise<void>;

  // ---- helpers for subclasses -----------------------------------------------------------

  /** Creates a slot and connects it now; rejects (leaving nothing behind) when that fails. */
  protected async createRecord(): Promise<PoolRecord> {
    const record = new PoolRecord(this.#nextRecordId++);
    await this.#connect(record);
    return record;
  }

  /** Closes a slot's connection (firing `close`), swallowing close errors. */
  protected async closeRecord(record: PoolRecord): Promise<void> {
    await this.#closeConnection(record);
  }

  /** Copies this pool's listeners to `other` (for {@link recreate}). */
  protected adoptListenersInto(other: Pool): void {
    this.#events.copyTo(other.#events);
  }

  /** The injected timer. */
  protected get timer(): PoolTimer {
    return this.#timer;
  }

  /** The injected logger. */
  protected get log(): PoolLogger {
    return this.#log;
  }

  // ---- checkout ----------------------------------------------------------------------------

  async #checkout(record: PoolRecord): Promise<PooledConnection> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#ensureConnection(record);
      } catch (error) {
        await this.#checkinFailed(record, error);
        throw error;
      }
      const conn = record.connection;
      const fresh = record.fresh;
      record.fresh = false;
      let proxy: PooledConnection | undefined;
      try {
        if (conn === null) {
          // Invalidated through another proxy of the same slot (StaticPool) while we awaited.
          if (attempt < CHECKOUT_ATTEMPTS) continue;
          throw new InvalidRequestError(`${this.constructor.name}: reconnection attempts exhausted on checkout`);
        }
        if (this.#prePing && !fresh) await conn.ping();
        proxy = new PooledConnection(this.#owner, record);
        await this.#events.emit("checkout", conn, record, proxy);
        return proxy;
      } catch (error) {
        proxy?.detach();
        if (!this.#disconnect(error) || attempt >= CHECKOUT_ATTEMPTS) {
          await this.#checkinFailed(record, error);
          throw error;
        }
        this.#log(`${this.constructor.name}: disconnect on checkout (attempt ${attempt}); reconnecting`, error);
        await this.#invalidateRecord(record, error);
      }
    }
  }

  /** Gives the record a live, current connection, reconnecting if needed (shared between concurrent checkouts). */
  async #ensureConnection(record: PoolRecord): Promise<void> {
    while (record.pending) await record.pending;
    if (record.connection !== null && !this.#isStale(record)) return;
    const reconnect = (async () => {
      if (record.connection !== null) await this.#closeConnection(record);
      await this.#connect(record);
    })();
    record.pending = reconnect;
    try {
      await reconnect;
    } finally {
      if (record.pending === reconnect) record.pending = null;
    }
  }

  #disconnect(error: unknown): boolean {
    try {
      return this.#isDisconnect(error) === true;
    } catch (classifyError) {
      this.#log(`${this.constructor.name}: isDisconnect() threw; treating the error as not a disconnect`, classifyError);
      return false;
    }
  }

  #isStale(record: PoolRecord): boolean {
    if (record.dead || record.softInvalidated || record.generation < this.#generation) return true;
    return this.#recycleMs >= 0 && this.#clock() - record.starttime > this.#recycleMs;
  }

  async #connect(record: PoolRecord): Promise<void> {
    const conn = await this.#creator();
    record.connection = conn;
    record.starttime = this.#clock();
    record.fresh = true;
    record.info = {};
    record.generation = this.#generation;
    record.softInvalidated = false;
    record.dead = false;
    record.unsubscribe = conn.onDisconnect?.((error) => this.#onDisconnect(record, conn, error)) ?? null;
    try {
      await this.#events.emit("connect", conn, record);
    } catch (error) {
      await this.#closeConnection(record);
      throw error;
    }
  }

  // ---- checkin -----------------------------------------------------------------------------

  async #release(record: PoolRecord): Promise<void> {
    const conn = record.connection;
    if (conn !== null && record.dead) {
      await this.#invalidateRecord(record, new Error("the driver reported the connection closed"));
    } else if (conn !== null && this.#reset !== null && !this.#disposed) {
      try {
        await this.#reset(conn, record);
      } catch (error) {
        this.#log(`${this.constructor.name}: reset on return failed; discarding the connection`, error);
        await this.#invalidateRecord(record, error);
      }
    }
    await this.#checkin(record);
  }

  async #checkinFailed(record: PoolRecord, error: unknown): Promise<void> {
    await this.#invalidateRecord(record, error);
    await this.#checkin(record);
  }

  async #checkin(record: PoolRecord): Promise<void> {
    record.checkedOut = false;
    if (this.#disposed) await this.#closeConnection(record);
    await this.#events.emitQuietly("checkin", this.#listenerError("checkin"), record.connection, record);
    await this.doReturn(record);
  }

  // ---- invalidation and closing -----------------------------------------------------------

  async #invalidateRecord(record: PoolRecord, error: unknown): Promise<void> {
    const conn = this.#detach(record);
    if (conn === null) return;
    await this.#events.emitQuietly("invalidate", this.#listenerError("invalidate"), conn, record, error);
    await this.#finalClose(conn, record);
  }

  /** The driver says the session ended: drop it now if idle, else when it comes back. */
  #onDisconnect(record: PoolRecord, conn: DriverConnection, error: unknown): void {
    if (record.connection !== conn || record.dead) return;
    record.dead = true;
    this.#log(`${this.constructor.name}: connection of record ${record.id} closed by the server`, error);
    if (!record.checkedOut && record.pending === null) {
      // A checkout of this slot waits for the close (record.pending), so that the slot never has
      // two connections open at once.
      const dropping = this.#invalidateRecord(record, error).catch((e: unknown) => this.#log("invalidate failed", e));
      record.pending = dropping;
      void dropping.finally(() => {
        if (record.pending === dropping) record.pending = null;
      });
    }
  }

  async #softInvalidate(record: PoolRecord, error: unknown): Promise<void> {
    const conn = record.connection;
    if (conn === null || record.softInvalidated) return;
    record.softInvalidated = true;
    await this.#events.emitQuietly("softInvalidate", this.#listenerError("softInvalidate"), conn, record, error);
  }

  async #closeConnection(record: PoolRecord): Promise<void> {
    const conn = this.#detach(record);
    if (conn !== null) await this.#finalClose(conn, record);
  }

  /** Takes the connection off its record, synchronously, so that it is closed exactly once. */
  #detach(record: PoolRecord): DriverConnection | null {
    const conn = record.connection;
    if (conn === null) return null;
    record.connection = null;
    record.info = {};
    record.unsubscribe?.();
    record.unsubscribe = null;
    return conn;
  }

  async #finalClose(conn: DriverConnection, record: PoolRecord): Promise<void> {
    const closing = (async () => {
      await this.#events.emitQuietly("close", this.#listenerError("close"), conn, record);
      try {
        await conn.close();
      } catch (error) {
        this.#log(`${this.constructor.name}: error closing connection of record ${record.id}`, error);
      }
    })();
    this.#closing.add(closing);
    try {
      await closing;
    } finally {
      this.#closing.delete(closing);
    }
  }

  #listenerError(event: PoolEventName): (error: unknown) => void {
    return (error) => this.#log(`${this.constructor.name}: "${event}" listener failed`, error);
  }
}
