/**
 * Which objects a Session holds: attaching an object (pending, or persistent by its identity key)
 * with the save-update cascade, marking for deletion with the delete cascade, and detaching.
 *
 * The methods are `Session`'s own, moved here verbatim (`this` is the session); the class keeps a
 * one-line delegate for each.
 * @module
 */
import { InvalidRequestError } from "../../errors.js";
import { rawArray, stateOf, type InstanceState, committedOf, describeState, dictOf } from "./instance-state.js";
import type { Session } from "./session.js";

/** @internal */
export const sessionObjects = {
  /** @internal */
  _addState(this: Session, s: InstanceState): void {
    if (s.session && s.session !== this) {
      throw new InvalidRequestError(`${describeState(s)} is already attached to another session; expunge it there first (or use session.merge())`);
    }
    s.mapper.ensureConfigured();
    if (s.session === this) {
      if (this._toDelete.has(s)) this._toDelete.delete(s);
      return;
    }
    if (s.identity === null) {
      s.status = "pending";
      s.session = this;
      this._pending.add(s);
    } else {
      const other = this.identityMap.get(s.mapper, s.identity);
      if (other && other !== s) throw new InvalidRequestError(`another object with the identity of ${describeState(s)} is already in this session; use session.merge()`);
      s.status = "persistent";
      s.session = this;
      this.identityMap.set(s);
      if (committedOf(s).size) this._modified.add(s);
    }
    this._cascadeFrom(s);
  },

  /** save-update cascade along loaded relationships. */
  _cascadeFrom(this: Session, s: InstanceState): void {
    // an object still on its loaded row has no relationship loaded
    if (s._dict === null) return;
    const rels = s.mapper.relationshipsBy("save-update");
    for (let i = 0; i < rels.length; i++) {
      const rel = rels[i]!;
      if (!(rel.key in s._dict)) continue;
      const v = s._dict[rel.key];
      for (const item of Array.isArray(v) ? rawArray(v) : v ? [v] : []) this._cascadeAdd(item as object);
    }
  },

  _markDeleted(this: Session, s: InstanceState): void {
    if (this._toDelete.has(s)) return;
    this._toDelete.add(s);
    for (const rel of s.mapper.relationships.values()) {
      if (!rel.cascade.has("delete") || !(rel.key in dictOf(s))) continue;
      const v = dictOf(s)[rel.key];
      for (const item of Array.isArray(v) ? rawArray(v) : v ? [v] : []) {
        const cs = stateOf(item);
        if (cs.identity !== null) {
          if (cs.session !== this) this._addState(cs);
          this._markDeleted(cs);
        } else this.expunge(item as object);
      }
    }
  },

  _detach(this: Session, s: InstanceState): void {
    this._pending.delete(s);
    this._toDelete.delete(s);
    this._modified.delete(s);
    this.identityMap.delete(s);
    this._detachState(s);
  },

  /** The object's side of detaching: no session, transient or detached (the caller updates the session's collections). */
  _detachState(this: Session, s: InstanceState): void {
    s.session = null;
    s.status = s.identity === null ? "transient" : "detached";
  },
};
