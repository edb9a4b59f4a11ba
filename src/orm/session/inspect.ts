/**
 * `inspectState(obj)`: a read-only view of an object's ORM state (status, identity, changes).
 * @module
 */
import { NO_VALUE, stateOf, type Status, committedOf, expiredOf, pkValues, dictOf } from "./instance-state.js";

export interface StateView {
  readonly status: Status;
  /** Primary-key values once the object has a row. */
  readonly identity: unknown[] | null;
  /** Attribute keys changed since load or last flush. */
  readonly modifiedKeys: string[];
  /** Expired attribute keys. */
  readonly expiredKeys: string[];
  /** `[added/new value, old value]` of one attribute (old is undefined when it was not loaded). */
  history(key: string): { changed: boolean; current: unknown; old: unknown };
}

export function inspectState(obj: object): StateView {
  const s = stateOf(obj, "inspectState()");
  return {
    status: s.status,
    identity: s.identity === null ? null : pkValues(s),
    modifiedKeys: [...committedOf(s).keys()],
    expiredKeys: [...expiredOf(s)],
    history(key: string) {
      const changed = committedOf(s).has(key);
      const old = committedOf(s).get(key);
      return { changed, current: dictOf(s)[key], old: old === NO_VALUE ? undefined : old };
    },
  };
}
