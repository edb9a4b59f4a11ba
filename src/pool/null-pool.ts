/**
 * NullPool: no pooling. Every checkout opens a new driver connection and every checkin closes it.
 * The default for HTTP and binding drivers (a "connection" is only a request context) and for
 * socket drivers inside Cloudflare Workers (no I/O object may outlive its request).
 * @module
 */
import type { PoolRecord } from "./connection-record.js";
import { Pool, type PoolOptions } from "./pool.js";

export type NullPoolOptions = PoolOptions;

export class NullPool extends Pool {
  readonly #options: NullPoolOptions;
  #checkedOut = 0;

  constructor(options: NullPoolOptions) {
    super(options);
    this.#options = options;
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
    return `NullPool checked out: ${this.#checkedOut}`;
  }

  protected async doGet(): Promise<PoolRecord> {
    this.#checkedOut++;
    try {
      return await this.createRecord();
    } catch (error) {
      this.#checkedOut--;
      throw error;
    }
  }

  protected async doReturn(record: PoolRecord): Promise<void> {
    try {
      await this.closeRecord(record);
    } finally {
      this.#checkedOut--;
    }
  }

  protected async doDispose(): Promise<void> {
    // Nothing is kept; connections still checked out are closed when they come back.
  }
}
