/**
 * The checked-out side of a pool slot (SQLAlchemy's `_ConnectionFairy`): what `pool.connect()`
 * hands out, and the only way to give the connection back.
 * @module
 */
import type { DriverConnection } from "../engine/driver.js";
import { InvalidRequestError } from "../errors.js";
import type { ConnectionRecord, PoolRecord } from "./connection-record.js";

/**
 * What a proxy needs from the pool that made it.
 * @internal
 */
export interface ProxyOwner {
  readonly name: string;
  release(record: PoolRecord): Promise<void>;
  invalidate(record: PoolRecord, error: unknown): Promise<void>;
  softInvalidate(record: PoolRecord, error: unknown): Promise<void>;
}

/** Options for {@link PooledConnection.invalidate}. */
export interface InvalidateOptions {
  /**
   * Keep using the connection until it is released; the pool replaces it at its next checkout
   * (SQLAlchemy's soft invalidation).
   */
  readonly soft?: boolean;
}

type ProxyState = "active" | "released" | "invalidated";

/** A connection checked out of a pool. Give it back exactly once, with {@link release} or {@link invalidate}. */
export class PooledConnection {
  readonly #owner: ProxyOwner;
  readonly #record: PoolRecord;
  #state: ProxyState = "active";

  /** @internal Created by the pool only. */
  constructor(owner: ProxyOwner, record: PoolRecord) {
    this.#owner = owner;
    this.#record = record;
  }

  /**
   * The driver connection to run statements on.
   * @throws InvalidRequestError once the proxy was released or invalidated, or when the
   * connection underneath was invalidated through another proxy (StaticPool).
   */
  get driverConnection(): DriverConnection {
    if (this.#state !== "active") {
      throw new InvalidRequestError(`This ${this.#owner.name} connection is closed (it was ${this.#state})`);
    }
    const conn = this.#record.connection;
    if (conn === null) {
      throw new InvalidRequestError(
        `This ${this.#owner.name} connection was invalidated; release it and check out another`,
      );
    }
    return conn;
  }

  /** The pool slot behind this proxy. */
  get record(): ConnectionRecord {
    return this.#record;
  }

  /** Scratch space tied to the current driver connection (`record.info`). */
  get info(): Record<string, unknown> {
    return this.#record.info;
  }

  /** Scratch space tied to the pool slot, surviving reconnects (`record.recordInfo`). */
  get recordInfo(): Record<string, unknown> {
    return this.#record.recordInfo;
  }

  /** True once {@link release} or {@link invalidate} was called. */
  get closed(): boolean {
    return this.#state !== "active";
  }

  /** True once this proxy invalidated its connection. */
  get invalidated(): boolean {
    return this.#state === "invalidated";
  }

  /**
   * Returns the connection to the pool: the pool runs its reset-on-return hook (discarding the
   * connection if that fails) and checks the slot in.
   *
   * A no-op after {@link invalidate} (which already returned the slot).
   * @throws InvalidRequestError (as a rejection) when called again after a release; the pool's
   * counts are not touched by the second call.
   */
  async release(): Promise<void> {
    if (this.#state === "invalidated") return;
    if (this.#state === "released") {
      throw new InvalidRequestError(
        `release() called twice on the same ${this.#owner.name} connection (record ${this.#record.id}); ` +
          "a connection may be returned only once",
      );
    }
    this.#state = "released";
    await this.#owner.release(this.#record);
  }

  /**
   * Discards the driver connection (closing it without a reset) and returns the slot to the pool,
   * which reconnects it at its next checkout. Waiters blocked on the pool are served. With
   * `{ soft: true }` the connection stays usable and is only replaced at its next checkout.
   *
   * Calling it again after a hard invalidation is a no-op.
   * @throws InvalidRequestError (as a rejection) after {@link release}.
   */
  async invalidate(error?: unknown, options: InvalidateOptions = {}): Promise<void> {
    if (this.#state === "invalidated") return;
    if (this.#state === "released") {
      throw new InvalidRequestError(
        `Can't invalidate a ${this.#owner.name} connection that was already released (record ${this.#record.id})`,
      );
    }
    if (options.soft) {
      await this.#owner.softInvalidate(this.#record, error);
      return;
    }
    this.#state = "invalidated";
    await this.#owner.invalidate(this.#record, error);
  }

  /** @internal Used when a checkout fails after the proxy was built: the proxy never reached a caller. */
  detach(): void {
    this.#state = "released";
  }
}
