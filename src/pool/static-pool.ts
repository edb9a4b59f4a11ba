/**
 * StaticPool: exactly one driver connection, shared by every checkout. The default for SQLite
 * `:memory:` (the database lives in that connection) and, with pre-ping, on AWS Lambda (one
 * invocation at a time per instance; the connection survives warm starts).
 *
 * Concurrent checkouts get the *same* session, as in SQLAlchemy: they share its transaction
 * state, so a StaticPool suits code that uses one connection at a time. After an invalidation the
 * next checkout reconnects.
 * @module
 */
import type { PoolRecord } from "./connection-record.js";
import { Pool, type PoolOptions } from "./pool.js";

export type StaticPoolOptions = PoolOptions;

export class StaticPool extends Pool {
  readonly #options: StaticPoolOptions;
  #record: PoolRecord | null = null;
  #creating: Promise<PoolRecord> | null = null;
  #checkedOut = 0;

  constructor(options: StaticPoolOptions) {
    super(options);
    this.#options = options;
  }

  recreate(): StaticPool {
    const pool = new StaticPool(this.#options);
    this.adoptListenersInto(pool);
    return pool;
  }

  size(): number {
    return 1;
  }

  checkedin(): number {
    return this.#record !== null && this.#checkedOut === 0 ? 1 : 0;
  }

  /** Proxies currently out (all sharing the one connection). */
  checkedout(): number {
    return this.#checkedOut;
  }

  overflow(): number {
    return 0;
  }

  status(): string {
    return `StaticPool size: 1  checked out: ${this.#checkedOut}`;
  }

  protected async doGet(): Promise<PoolRecord> {
    this.#checkedOut++;
    try {
      return this.#record ?? (await this.#createShared());
    } catch (error) {
      this.#checkedOut--;
      throw error;
    }
  }

  protected async doReturn(_record: PoolRecord): Promise<void> {
    this.#checkedOut--;
  }

  protected async doDispose(): Promise<void> {
    const record = this.#record;
    this.#record = null;
    // Checked-out proxies keep the record; the base closes it when the first of them comes back.
    if (record !== null && this.#checkedOut === 0) await this.closeRecord(record);
  }

  /** One creation shared by concurrent first checkouts, so only one connection is ever opened. */
  #createShared(): Promise<PoolRecord> {
    this.#creating ??= this.createRecord()
      .then((record) => {
        if (!this.disposed) this.#record = record;
        return record;
      })
      .finally(() => {
        this.#creating = null;
      });
    return this.#creating;
  }
}
