/**
 * The session's pending objects (added, not yet inserted), in the order they were added. A list
 * rather than a `Set`: a Set hashes every new object on `add` (V8 gives each object an identity
 * hash on first use), which cost more than the rest of `session.add()`. Whether an object is pending
 * here is its own state (`status` "pending", `session` this session), so removing one only notes
 * that the list holds a stale entry, dropped the next time the list is read.
 * @module
 */
import type { InstanceState } from "./instance-state.js";

export class PendingList implements Iterable<InstanceState> {
  private _items: InstanceState[] = [];
  /** `delete` calls since the list was last compacted. */
  private _removed = 0;

  constructor(private readonly _owner: object) {}

  private _isPending(s: InstanceState): boolean {
    return s.status === "pending" && s.session === this._owner;
  }

  /** Adds `s`, which was not pending in this session until now (the caller makes it so). */
  add(s: InstanceState): void {
    this._items.push(s);
  }

  /** `s` stops being pending here (its status or session changes now). */
  delete(_s: InstanceState): void {
    this._removed++;
  }

  get size(): number {
    if (this._removed > 0) this._compact();
    return this._items.length;
  }

  clear(): void {
    this._items = [];
    this._removed = 0;
  }

  /** The pending objects now, as a new array. */
  toArray(): InstanceState[] {
    this._compact();
    return this._items.slice();
  }

  /** The pending objects now (a snapshot: changes while iterating do not affect it). */
  [Symbol.iterator](): Iterator<InstanceState> {
    return this.toArray()[Symbol.iterator]();
  }

  /** Drops entries no longer pending, and the older of two entries of an object removed and added again. */
  private _compact(): void {
    const items = this._items;
    let out: InstanceState[] | null = null;
    const seen = this._removed > 0 ? new Set<InstanceState>() : null;
    for (let i = 0; i < items.length; i++) {
      const s = items[i]!;
      const keep = this._isPending(s) && (seen === null || (!seen.has(s) && (seen.add(s), true)));
      if (keep) out?.push(s);
      else out ??= items.slice(0, i);
    }
    if (out !== null) this._items = out;
    this._removed = 0;
  }
}
