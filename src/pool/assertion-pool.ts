/**
 * AssertionPool: one connection, and at most one checkout at a time — a second concurrent
 * `connect()` rejects, naming where the first checkout happened. A debugging aid for code that
 * must never hold two connections (a test fixture, a request handler on a size-1 budget).
 * @module
 */
import { InvalidRequestError } from "../errors.js";
import type { PoolRecord } from "./connection-record.js";
import { Pool, type PoolOptions } from "./pool.js";

export interface AssertionPoolOptions extends PoolOptions {
  /** Record the stack of each checkout, to show it when a second one is attempted. Default true. */
  storeTraceback?: boolean;
}

export class AssertionPool extends Pool {
  readonly #options: AssertionPoolOptions;
  #record: PoolRecord | null = null;
  #checkedOut = false;
  #checkoutStack: string | undefined;

  constructor(options: AssertionPoolOptions) {
    super(options);
    this.#options = options;
  }

  recreate(): AssertionPool {
    const pool = new AssertionPool(this.#options);
    this.adoptListenersInto(pool);
    return pool;
  }

  size(): number {
    return 1;
  }

  checkedin(): number {
    return this.#record !== null && !this.#checkedOut ? 1 : 0;
  }

  checkedout(): number {
    return this.#checkedOut ? 1 : 0;
  }

  overflow(): number {
    return 0;
  }

  status(): string {
    return `AssertionPool checked out: ${this.checkedout()}`;
  }

  protected async doGet(): Promise<PoolRecord> {
    if (this.#checkedOut) {
      const where = this.#checkoutStack ? `; it was checked out at:\n${this.#checkoutStack}` : "";
      throw new InvalidRequestError(`AssertionPool: connection is already checked out${where}`);
    }
    this.#checkedOut = true;
    if (this.#options.storeTraceback ?? true) this.#checkoutStack = new Error("checkout").stack;
    try {
      this.#record ??= await this.createRecord();
      return this.#record;
    } catch (error) {
      this.#checkedOut = false;
      this.#checkoutStack = undefined;
      throw error;
    }
  }

  protected async doReturn(record: PoolRecord): Promise<void> {
    if (!this.#checkedOut || record !== this.#record) {
      throw new InvalidRequestError("AssertionPool: connection is not checked out");
    }
    this.#checkedOut = false;
    this.#checkoutStack = undefined;
    if (this.disposed) this.#record = null;
  }

  protected async doDispose(): Promise<void> {
    const record = this.#record;
    if (record !== null && !this.#checkedOut) {
      this.#record = null;
      await this.closeRecord(record);
    }
  }
}
