/**
 * A first-come-first-served queue of callers waiting for a pool slot, each giving up after a
 * timeout (QueuePool beyond `poolSize + maxOverflow`, NullPool beyond `maxConnections`).
 * @module
 */
import type { PoolTimer } from "./pool.js";

interface Waiter<T> {
  grant(value: T): void;
  fail(error: unknown): void;
}

export class Waiters<T> {
  readonly #queue: Waiter<T>[] = [];

  get length(): number {
    return this.#queue.length;
  }

  /** Waits to be granted a value; rejects with `timeoutError()` after `ms` unless granted first. */
  wait(timer: PoolTimer, ms: number, timeoutError: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let cancelTimer: () => void = () => {};
      const waiter: Waiter<T> = {
        grant: (value) => {
          cancelTimer();
          resolve(value);
        },
        fail: (error) => {
          cancelTimer();
          reject(error);
        },
      };
      this.#queue.push(waiter);
      cancelTimer = timer(() => {
        const index = this.#queue.indexOf(waiter);
        if (index < 0) return; // served in the meantime
        this.#queue.splice(index, 1);
        reject(timeoutError());
      }, ms);
    });
  }

  /** Hands `value` to the longest-waiting caller; false when nobody waits. */
  grantNext(value: T): boolean {
    const waiter = this.#queue.shift();
    if (!waiter) return false;
    waiter.grant(value);
    return true;
  }

  /** Rejects every waiting caller with `error`. */
  failAll(error: unknown): void {
    for (const waiter of this.#queue.splice(0)) waiter.fail(error);
  }
}
