/**
 * `event.listen(target, name, fn)`: the one way to subscribe to engine, pool, session and mapper
 * events. Each target class declares its event names; listening to an unknown name is an error.
 * Returns an unsubscribe function (also `event.remove(target, name, fn)`).
 * @module
 */
import { ArgumentError } from "./errors.js";

export interface ListenOptions {
  /** The listener's return value replaces the value (attribute `set` events). */
  retval?: boolean;
  /** Remove the listener after its first call. */
  once?: boolean;
}

/**
 * Something that can be listened to. `event.listen` passes the {@link Listeners} class as
 * `registry`, so that a target may create its registry on the first listener without importing
 * it: an Engine that nobody listens to leaves the registry code out of a bundle.
 */
export interface EventTarget_ {
  _listen(name: string, fn: (...args: any[]) => unknown, options: ListenOptions, registry: typeof Listeners): () => void;
}

function isTarget(t: unknown): t is EventTarget_ {
  return (typeof t === "object" || typeof t === "function") && t !== null && typeof (t as EventTarget_)._listen === "function";
}

const offs = new WeakMap<object, Map<string, Map<Function, () => void>>>();

export const event = {
  listen(target: unknown, name: string, fn: (...args: any[]) => unknown, options: ListenOptions = {}): () => void {
    if (!isTarget(target)) throw new ArgumentError(`event.listen(): ${String(target)} has no events`);
    if (typeof fn !== "function") throw new ArgumentError("event.listen(): the listener must be a function");
    const off = target._listen(name, fn, options, Listeners);
    let byName = offs.get(target as object);
    if (!byName) offs.set(target as object, (byName = new Map()));
    let byFn = byName.get(name);
    if (!byFn) byName.set(name, (byFn = new Map()));
    byFn.set(fn, off);
    return () => {
      off();
      byFn!.delete(fn);
    };
  },
  remove(target: unknown, name: string, fn: (...args: any[]) => unknown): void {
    const off = offs.get(target as object)?.get(name)?.get(fn);
    if (!off) throw new ArgumentError(`event.remove(): no ${name} listener of that function on this target`);
    off();
    offs.get(target as object)!.get(name)!.delete(fn);
  },
  contains(target: unknown, name: string, fn: (...args: any[]) => unknown): boolean {
    return offs.get(target as object)?.get(name)?.has(fn) ?? false;
  },
};

/** A typed listener registry that targets use to implement `_listen`. */
export class Listeners<M extends Record<string, (...args: any[]) => unknown>> {
  readonly #map = new Map<keyof M, { fn: M[keyof M]; once: boolean }[]>();
  declare readonly targetName: string;
  declare readonly names: readonly (keyof M & string)[];
  constructor(targetName: string, names: readonly (keyof M & string)[]) {
    this.targetName = targetName;
    this.names = names;
  }

  add(name: string, fn: (...args: any[]) => unknown, options: ListenOptions = {}): () => void {
    if (!this.names.includes(name as keyof M & string)) {
      throw new ArgumentError(`${this.targetName} has no event ${JSON.stringify(name)} (events: ${this.names.join(", ")})`);
    }
    const list = this.#map.get(name) ?? [];
    const entry = { fn: fn as M[keyof M], once: options.once ?? false };
    list.push(entry);
    this.#map.set(name, list);
    return () => {
      const l = this.#map.get(name);
      if (!l) return;
      const i = l.indexOf(entry);
      if (i >= 0) l.splice(i, 1);
    };
  }

  has(name: keyof M): boolean {
    const l = this.#map.get(name);
    return l !== undefined && l.length > 0;
  }

  /** Calls every listener of `name` in order (async listeners are awaited). */
  async emit<K extends keyof M>(name: K, ...args: Parameters<M[K]>): Promise<void> {
    const l = this.#map.get(name);
    if (!l || l.length === 0) return;
    for (const entry of [...l]) {
      if (entry.once) l.splice(l.indexOf(entry), 1);
      await entry.fn(...args);
    }
  }
}
