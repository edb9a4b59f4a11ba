/**
 * Tracked collections: a relationship collection is a plain array seen through a Proxy, so that
 * `user.posts.push(post)` records the change (the committed collection is snapshotted before the
 * first change; the flush diffs against it) and keeps `post.author` in sync (backPopulates).
 * @module
 */
import type { RelationshipAttribute } from "../mapping/relationship.js";
import { RAW, type InstanceState } from "./instance-state.js";

/** Called with the items a mutation added and removed (by identity). */
export type CollectionListener = (state: InstanceState, rel: RelationshipAttribute, added: unknown[], removed: unknown[]) => void;

const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);

/** Items of `a` not in `b` (by identity, multiplicity ignored). */
export function difference(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  if (a.length === 0) return [];
  const set = new Set(b);
  return a.filter((x) => !set.has(x));
}

/**
 * Wraps `raw` for `state`'s relationship `rel`. `before` runs before any change (snapshot),
 * `after` with what was added/removed.
 */
export function trackedCollection(
  state: InstanceState,
  rel: RelationshipAttribute,
  raw: unknown[],
  before: (state: InstanceState, rel: RelationshipAttribute) => void,
  after: CollectionListener,
): unknown[] {
  let inMethod = false;
  const methods = new Map<string, Function>();
  const proxy = new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === RAW) return target;
      if (typeof prop === "string" && MUTATORS.has(prop)) {
        let m = methods.get(prop);
        if (!m) {
          const original = (Array.prototype as unknown as Record<string, Function>)[prop]!;
          m = (...args: unknown[]) => {
            before(state, rel);
            if (prop === "push") {
              inMethod = true;
              try {
                original.apply(target, args);
              } finally {
                inMethod = false;
              }
              after(state, rel, args, []);
              return target.length;
            }
            const snapshot = target.slice();
            let out: unknown;
            inMethod = true;
            try {
              out = original.apply(target, args);
            } finally {
              inMethod = false;
            }
            after(state, rel, difference(target, snapshot), difference(snapshot, target));
            return out === target ? proxy : out;
          };
          methods.set(prop, m);
        }
        return m;
      }
      return Reflect.get(target, prop, receiver);
    },
    set(target, prop, value, receiver) {
      if (inMethod) return Reflect.set(target, prop, value, receiver);
      before(state, rel);
      const snapshot = target.slice();
      const ok = Reflect.set(target, prop, value, receiver);
      after(state, rel, difference(target, snapshot), difference(snapshot, target));
      return ok;
    },
    deleteProperty(target, prop) {
      if (inMethod) return Reflect.deleteProperty(target, prop);
      before(state, rel);
      const snapshot = target.slice();
      const ok = Reflect.deleteProperty(target, prop);
      after(state, rel, difference(target, snapshot), difference(snapshot, target));
      return ok;
    },
  });
  return proxy;
}
