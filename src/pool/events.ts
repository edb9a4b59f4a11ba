/**
 * Pool events: a tiny typed listener registry (`pool.on(name, fn)` returns an unsubscribe
 * function). Listeners may be async; the pool awaits them in registration order.
 * @module
 */
import type { DriverConnection } from "../engine/driver.js";
import type { ConnectionRecord } from "./connection-record.js";
import type { PooledConnection } from "./pooled-connection.js";

type MaybePromise = void | Promise<void>;

/**
 * Listener signatures by event name. `connect` and `checkout` listeners may reject to refuse the
 * connection (the error propagates to `pool.connect()`; a disconnect error from `checkout` makes
 * the pool reconnect and retry, as with pre-ping). Errors from the other listeners are logged and
 * ignored.
 */
export interface PoolEventMap {
  /** A new driver connection was established (first use of a slot or a reconnect). Run session setup here. */
  connect: (conn: DriverConnection, record: ConnectionRecord) => MaybePromise;
  /** A connection is about to be handed to a caller. */
  checkout: (conn: DriverConnection, record: ConnectionRecord, proxy: PooledConnection) => MaybePromise;
  /** A connection came back (after reset-on-return); `conn` is null when it was invalidated. */
  checkin: (conn: DriverConnection | null, record: ConnectionRecord) => MaybePromise;
  /** A connection is being discarded because it failed (`error`) or was invalidated on purpose. */
  invalidate: (conn: DriverConnection, record: ConnectionRecord, error: unknown) => MaybePromise;
  /** A connection was marked to be replaced at its next checkout; the current holder keeps it. */
  softInvalidate: (conn: DriverConnection, record: ConnectionRecord, error: unknown) => MaybePromise;
  /** A driver connection is being closed (recycled, invalidated, disposed, or returned to a NullPool). */
  close: (conn: DriverConnection, record: ConnectionRecord) => MaybePromise;
}

export type PoolEventName = keyof PoolEventMap;

/** @internal */
export class PoolEvents {
  readonly #listeners: { [K in PoolEventName]?: PoolEventMap[K][] } = {};

  on<K extends PoolEventName>(name: K, listener: PoolEventMap[K]): () => void {
    const list = (this.#listeners[name] ??= []) as PoolEventMap[K][];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  has(name: PoolEventName): boolean {
    return (this.#listeners[name]?.length ?? 0) > 0;
  }

  /** Awaits each listener in turn; the first rejection propagates. */
  async emit<K extends PoolEventName>(name: K, ...args: Parameters<PoolEventMap[K]>): Promise<void> {
    const list = this.#listeners[name];
    if (!list?.length) return;
    for (const listener of [...list]) {
      await (listener as (...a: Parameters<PoolEventMap[K]>) => MaybePromise)(...args);
    }
  }

  /** Like {@link emit}, but every listener runs and failures go to `onError`. */
  async emitQuietly<K extends PoolEventName>(
    name: K,
    onError: (error: unknown) => void,
    ...args: Parameters<PoolEventMap[K]>
  ): Promise<void> {
    const list = this.#listeners[name];
    if (!list?.length) return;
    for (const listener of [...list]) {
      try {
        await (listener as (...a: Parameters<PoolEventMap[K]>) => MaybePromise)(...args);
      } catch (error) {
        onError(error);
      }
    }
  }

  /** Registers every listener of this registry on `other` too (used by `Pool.recreate()`). */
  copyTo(other: PoolEvents): void {
    for (const name of Object.keys(this.#listeners) as PoolEventName[]) {
      for (const listener of this.#listeners[name] ?? []) other.on(name, listener as never);
    }
  }
}
