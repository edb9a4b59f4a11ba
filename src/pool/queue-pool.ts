/**
 * QueuePool: a bounded set of connections shared by concurrent callers (the default on a Node
 * server). Keeps up to `poolSize` idle slots, opens up to `maxOverflow` more under load (closed
 * again when they come back to a full pool), and makes further callers wait, first come first
 * served, for up to `poolTimeout` seconds.
 * @module
 */
import { ArgumentError, InvalidRequestError, TimeoutError } from "../errors.js";
import type { PoolRecord } from "./connection-record.js";
import { Pool, QUEUE_POOL, type PoolOptions } from "./pool.js";
import { Waiters } from "./waiters.js";

export interface QueuePoolOptions extends PoolOptions {
  /** Idle connections kept open. Default 5. (Use NullPool to keep none.) */
  poolSize?: number;
  /** Connections allowed beyond `poolSize` under load; `-1` for no limit. Default 10. */
  maxOverflow?: number;
  /**
   * Seconds a caller waits for a free slot before `connect()` rejects with `TimeoutError`. Default
   * 30. It bounds the wait for the pool only; establishing a connection is bounded by the driver's
   * own connect timeout (as in SQLAlchemy).
   */
  poolTimeout?: number;
  /** Reuse the most recently returned idle connection first (lets surplus ones age out). Default false (FIFO). */
  lifo?: boolean;
  /**
   * @internal The platform's bound on connections open at once (`createEngine` passes Cloudflare
   * Workers' 6 for socket drivers there): a configuration that could open more is refused.
   */
  maxConnections?: number;
}

export class QueuePool extends Pool {
  /** Recognised by `createEngine` without an import of this class (see `QUEUE_POOL`). */
  static readonly [QUEUE_POOL] = true;
  readonly #options: QueuePoolOptions;
  readonly #poolSize: number;
  readonly #maxOverflow: number;
  readonly #timeout: number;
  readonly #lifo: boolean;
  readonly #idle: PoolRecord[] = [];
  /** Each is granted a record, or `null` meaning "a slot was reserved for you: connect one". */
  readonly #waiters = new Waiters<PoolRecord | null>();
  /** Slots in existence (idle, checked out, or being connected) minus `poolSize`, as in SQLAlchemy. */
  #overflow: number;

  constructor(options: QueuePoolOptions) {
    super(options);
    const { poolSize = 5, maxOverflow = 10, poolTimeout = 30, lifo = false } = options;
    if (!Number.isInteger(poolSize) || poolSize < 1) {
      throw new ArgumentError(`QueuePool poolSize must be an integer ≥ 1 (got ${String(poolSize)}); use NullPool to keep no connections`);
    }
    if (!Number.isInteger(maxOverflow) || maxOverflow < -1) {
      throw new ArgumentError(`QueuePool maxOverflow must be an integer ≥ 0, or -1 for no limit (got ${String(maxOverflow)})`);
    }
    if (typeof poolTimeout !== "number" || !(poolTimeout >= 0)) {
      throw new ArgumentError(`QueuePool poolTimeout must be a number of seconds ≥ 0 (got ${String(poolTimeout)})`);
    }
    const max = options.maxConnections;
    if (max !== undefined && (maxOverflow === -1 || poolSize + maxOverflow > max)) {
      throw new ArgumentError(
        `QueuePool(poolSize ${poolSize}, maxOverflow ${maxOverflow}) may open ${maxOverflow === -1 ? "unlimited" : poolSize + maxOverflow} connections, ` +
          `but a Cloudflare Worker may hold at most ${max} at once per request (and none across requests). ` +
          `Use the default NullPool (it queues beyond ${max}), or poolSize + maxOverflow ≤ ${max}`,
      );
    }
    this.#options = options;
    this.#poolSize = poolSize;
    this.#maxOverflow = maxOverflow;
    this.#timeout = poolTimeout;
    this.#lifo = lifo;
    this.#overflow = -poolSize;
  }

  recreate(): QueuePool {
    const pool = new QueuePool(this.#options);
    this.adoptListenersInto(pool);
    return pool;
  }

  size(): number {
    return this.#poolSize;
  }

  checkedin(): number {
    return this.#idle.length;
  }

  checkedout(): number {
    return this.#poolSize + this.#overflow - this.#idle.length;
  }

  overflow(): number {
    return this.#overflow;
  }

  /** Callers currently waiting for a slot. */
  waiting(): number {
    return this.#waiters.length;
  }

  status(): string {
    return (
      `Pool size: ${this.size()}  Connections in pool: ${this.checkedin()} ` +
      `Current Overflow: ${this.overflow()} Current Checked out connections: ${this.checkedout()}`
    );
  }

  protected async doGet(): Promise<PoolRecord> {
    const idle = this.#lifo ? this.#idle.pop() : this.#idle.shift();
    if (idle !== undefined) return idle;
    if (this.#hasCapacity()) {
      this.#overflow++;
      return this.#connectReserved();
    }
    const granted = await this.#wait();
    return granted ?? this.#connectReserved();
  }

  protected async doReturn(record: PoolRecord): Promise<void> {
    if (this.disposed) {
      this.#overflow--;
      return;
    }
    if (this.#waiters.grantNext(record)) return;
    if (this.#idle.length < this.#poolSize) {
      this.#idle.push(record);
      return;
    }
    // Surplus slot: close it, and only then free its place, so that open connections never
    // exceed poolSize + maxOverflow even while a close is in flight.
    await this.closeRecord(record);
    this.#overflow--;
    this.#slotFreed();
  }

  protected async doDispose(): Promise<void> {
    const error = new InvalidRequestError("QueuePool was disposed while waiting for a connection");
    this.#waiters.failAll(error);
    // Idle slots stay counted as idle until their connection is closed (nothing can take them:
    // connect() already refuses).
    await Promise.all(
      [...this.#idle].map(async (record) => {
        await this.closeRecord(record);
        this.#idle.splice(this.#idle.indexOf(record), 1);
        this.#overflow--;
      }),
    );
  }

  #hasCapacity(): boolean {
    return this.#maxOverflow < 0 || this.#overflow < this.#maxOverflow;
  }

  /** Connects a slot whose place (`#overflow`) is already reserved; gives the place back on failure. */
  async #connectReserved(): Promise<PoolRecord> {
    try {
      return await this.createRecord();
    } catch (error) {
      this.#overflow--;
      this.#slotFreed();
      throw error;
    }
  }

  /** A place became free: reserve it for the longest-waiting caller, who then connects. */
  #slotFreed(): void {
    while (this.#waiters.length > 0 && this.#hasCapacity()) {
      this.#overflow++;
      this.#waiters.grantNext(null);
    }
  }

  #wait(): Promise<PoolRecord | null> {
    return this.#waiters.wait(
      this.timer,
      this.#timeout * 1000,
      () =>
        new TimeoutError(
          `QueuePool limit of size ${this.#poolSize} overflow ${this.#maxOverflow} reached, ` +
            `connection timed out, timeout ${this.#timeout.toFixed(2)} s. Release connections sooner ` +
            "(one held across an await that needs another connection can exhaust the pool), " +
            "or raise poolSize, maxOverflow or poolTimeout",
        ),
    );
  }
}
