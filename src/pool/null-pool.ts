/**
 * NullPool: no pooling. Every checkout opens a new driver connection and every checkin closes it.
 * The default for HTTP and binding drivers (a "connection" is only a request context) and for
 * socket drivers inside Cloudflare Workers (no I/O object may outlive its request).
 * @module
 */
import { ArgumentError, InvalidRequestError, TimeoutError } from "../errors.js";
import type { PoolRecord } from "./connection-record.js";
import { Pool, type PoolOptions } from "./pool.js";
import { Waiters } from "./waiters.js";

export interface NullPoolOptions extends PoolOptions {
  /**
   * Connections open at once; further checkouts wait, first come first served. Default: no limit.
   * Inside Cloudflare Workers the engine sets 6, the platform's limit of simultaneous outgoing
   * connections per request (scenario E03).
   */
  maxConnections?: number;
  /** Seconds a checkout waits under `maxConnections` before rejecting with `TimeoutError`. Default 30. */
  poolTimeout?: number;
}

export class NullPool extends Pool {
  readonly #options: NullPoolOptions;
  readonly #max: number;
  readonly #timeout: number;
  readonly #waiters = new Waiters<void>();
  #checkedOut = 0;

  constructor(options: NullPoolOptions) {
    super(options);
    const { maxConnections = Infinity, poolTimeout = 30 } = options;
    if (maxConnections !== Infinity && (!Number.isInteger(maxConnections) || maxConnections < 1)) {
      throw new ArgumentError(`NullPool maxConnections must be an integer ≥ 1 (got ${String(maxConnections)})`);
    }
    if (typeof poolTimeout !== "number" || !(poolTimeout >= 0)) {
      throw new ArgumentError(`NullPool poolTimeout must be a number of seconds ≥ 0 (got ${String(poolTimeout)})`);
    }
    this.#options = options;
    this.#max = maxConnections;
    this.#timeout = poolTimeout;
  }

  /** The bound on connections open at once (`Infinity` when none). */
  maxConnections(): number {
    return this.#max;
  }

  /** Callers waiting for a connection under `maxConnections`. */
  waiting(): number {
    return this.#waiters.length;
  }

  recreate(): NullPool {
    const pool = new NullPool(this.#options);
    this.adoptListenersInto(pool);
    return pool;
  }

  size(): number {
    return 0;
  }

  checkedin(): number {
    return 0;
  }

  checkedout(): number {
    return this.#checkedOut;
  }

  overflow(): number {
    return 0;
  }

  status(): string {
    return `NullPool checked out: ${this.#checkedOut}` + (this.#max === Infinity ? "" : ` of ${this.#max}, waiting: ${this.#waiters.length}`);
  }

  protected async doGet(): Promise<PoolRecord> {
    if (this.#checkedOut >= this.#max) await this.#wait(); // the freed place is reserved for us
    else this.#checkedOut++;
    try {
      return await this.createRecord();
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  protected async doReturn(record: PoolRecord): Promise<void> {
    try {
      await this.closeRecord(record);
    } finally {
      this.#release();
    }
  }

  /** A place became free: hand it to the longest-waiting caller, or count it free. */
  #release(): void {
    if (!this.#waiters.grantNext()) this.#checkedOut--;
  }

  #wait(): Promise<void> {
    return this.#waiters.wait(
      this.timer,
      this.#timeout * 1000,
      () =>
        new TimeoutError(
          `NullPool limit of ${this.#max} connections open at once reached, connection timed out, timeout ` +
            `${this.#timeout.toFixed(2)} s. Release connections sooner (one held across an await that needs ` +
            "another connection can exhaust the limit), or run fewer statements in parallel",
        ),
    );
  }

  protected async doDispose(): Promise<void> {
    // Nothing is kept; connections still checked out are closed when they come back.
    const error = new InvalidRequestError("NullPool was disposed while waiting for a connection");
    this.#waiters.failAll(error);
  }
}
