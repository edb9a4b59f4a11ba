/**
 * `InstanceState`: the ORM's bookkeeping for one mapped object, kept in a non-enumerable
 * symbol-keyed field so the object itself stays a plain class instance: current values, the
 * committed (database) value of each changed attribute, expired attributes, the lifecycle status
 * and the owning session.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { Mapper } from "../mapping/mapper.js";
import type { IdentityKey, IdentityMap } from "./identity-map.js";
import { KeySequence } from "./key-sequence.js";

/** "No value known" (an attribute never loaded, or expired), distinct from `null` and `undefined`. */
export const NO_VALUE: unique symbol = Symbol("alkahest.noValue");

/**
 * `transient` (not in a session), `pending` (added, not flushed), `persistent` (has a row),
 * `deleted` (row deleted by a flush, transaction not committed), `detached` (has a row, no session).
 */
export type Status = "transient" | "pending" | "persistent" | "deleted" | "detached";

/** What an instance's state needs from its session (implemented by `Session`). */
export interface StateOwner {
  /** The session's objects by identity key (a many-to-one read resolves from it without I/O). */
  readonly identityMap: IdentityMap;
  /** An attribute of `state` changed: remember it as possibly dirty (O(1)). */
  _markModified(state: InstanceState): void;
  /** save-update cascade: `obj` became reachable from an object in the session. */
  _cascadeAdd(obj: object): void;
}

/**
 * A value dictionary without inherited keys (`key in dict` sees own keys only), like
 * `Object.create(null)`, but built by a constructor so that V8 keeps it in fast (hidden-class)
 * mode instead of dictionary mode: rows loaded with the same columns share one shape.
 */
const ValueDict = function ValueDict() {} as unknown as new () => Record<string, unknown>;
ValueDict.prototype = Object.create(null);

export class InstanceState {
  /** Current values by attribute key (columns and loaded relationships). */
  readonly dict: Record<string, unknown> = new ValueDict();
  private _committed: Map<string, unknown> | null = null;
  /**
   * Column attributes of a new object set while it had no value for them (committed value
   * `NO_VALUE`), before anything needed the `committed` map: an interned sequence shared by the
   * objects built alike, put into the map when it is first used.
   */
  private _newChanges: KeySequence | null = null;
  private _expired: Set<string> | null = null;
  /** The value each changed attribute had when loaded or last flushed (`NO_VALUE` when unknown). Allocated on first use: most loaded objects never change. */
  get committed(): Map<string, unknown> {
    if (this._committed !== null) return this._committed;
    const map = (this._committed = new Map<string, unknown>());
    if (this._newChanges !== null) {
      for (const k of this._newChanges.keys) map.set(k, NO_VALUE);
      this._newChanges = null;
    }
    return map;
  }
  /** Column attributes whose value must be loaded again (after commit, rollback or `expire()`). Allocated on first use. */
  get expired(): Set<string> {
    return (this._expired ??= new Set<string>());
  }
  status: Status = "transient";
  session: StateOwner | null = null;
  /** Identity key (primary key within the mapper's identity root) once the object has a row. */
  identity: IdentityKey | null = null;
  /** Relationships loaded with `raiseload(...)` / `lazy: "raise"`: `awaitableAttrs` raises for them. */
  raiseload: Set<string> | null = null;

  constructor(
    readonly obj: object,
    readonly mapper: Mapper,
  ) {}

  /** Is any attribute expired? (Does not allocate the set.) */
  hasExpired(): boolean {
    return this._expired !== null && this._expired.size > 0;
  }
  /** Is `key` expired? (Does not allocate the set.) */
  isExpired(key: string): boolean {
    return this._expired !== null && this._expired.has(key);
  }
  /** `key` is no longer expired. (Does not allocate the set.) */
  unexpire(key: string): void {
    if (this._expired !== null) this._expired.delete(key);
  }
  /** Forgets every committed value (after a flush): the map is dropped, not cleared, so that it is allocated again only on the next change. */
  clearCommitted(): void {
    this._committed = null;
    this._newChanges = null;
  }
  /** Nothing is expired any more. */
  clearExpired(): void {
    this._expired = null;
  }

  /** Records the committed value of `key` before its first change, and tells the session. */
  recordChange(key: string): void {
    if (!this.committed.has(key)) {
      const cur = key in this.dict ? this.dict[key] : NO_VALUE;
      this.committed.set(key, Array.isArray(cur) ? rawArray(cur).slice() : cur);
    }
    this.session?._markModified(this);
  }

  /**
   * `recordChange(key)` for a column attribute. A new object (no identity key) given its first
   * value for the column has committed value `NO_VALUE`: recorded without a map per object.
   */
  recordColumnChange(key: string): void {
    if (this._committed === null && this.identity === null && !(key in this.dict)) {
      const seq = (this._newChanges ?? KeySequence.EMPTY).then(key);
      if (seq !== null) {
        this._newChanges = seq;
        return; // a new object is never in the session's modified set
      }
    }
    this.recordChange(key);
  }

  /** Sets a value as loaded from the database (not a change). */
  setLoaded(key: string, value: unknown): void {
    this.dict[key] = value;
    this.unexpire(key);
  }

  /** Forgets loaded values: columns become expired, relationships unloaded. */
  expire(keys?: readonly string[]): void {
    const pkKeys = new Set(this.mapper.pk.map((c) => c.key));
    const all = keys ?? [...this.mapper.columnByKey.keys(), ...this.mapper.relationships.keys()];
    for (const k of all) {
      if (pkKeys.has(k) && this.identity !== null) continue; // the identity never expires
      delete this.dict[k];
      if (this._committed !== null || this._newChanges !== null) this.committed.delete(k);
      this.raiseload?.delete(k);
      if (this.mapper.columnByKey.has(k)) this.expired.add(k);
    }
  }

  /** Primary-key values from the current values. */
  pkValues(): unknown[] {
    return this.mapper.pk.map((c) => this.dict[c.key]);
  }

  /** "User(id=1)" for messages. */
  describe(): string {
    const pk = this.mapper.pk.map((c) => `${c.key}=${String(this.dict[c.key])}`).join(", ");
    return `${this.mapper.className}(${pk})`;
  }
}

/**
 * A base "constructor" that returns the object it is given, so that a subclass's private field is
 * defined on that object (the class "return override").
 */
const ReturnTarget = function (obj: object) {
  return obj;
} as unknown as new (obj: object) => object;

/**
 * The slot holding an instance's state: a private class field, added to the instance by
 * constructing `StateSlot` over it. Unlike a symbol-keyed property it is not copied by spread or
 * `Object.assign`, not shown by `console.log` and not compared by deep equality, and adding it is a
 * field store (no `Object.defineProperty` call per loaded row).
 */
class StateSlot extends ReturnTarget {
  #state: InstanceState;
  constructor(obj: object, state: InstanceState) {
    super(obj);
    this.#state = state;
  }
  static get(obj: object): InstanceState | undefined {
    return #state in obj ? (obj as StateSlot).#state : undefined;
  }
}

/** The state of a mapped instance, or undefined for anything else. */
export function maybeState(obj: unknown): InstanceState | undefined {
  return obj !== null && typeof obj === "object" ? StateSlot.get(obj) : undefined;
}

/** The state of `obj`, an instance of a mapped class (the attribute accessors' read). */
export function instanceState(obj: object): InstanceState {
  return StateSlot.get(obj)!;
}

/** The state of a mapped instance; an ArgumentError for anything else. */
export function stateOf(obj: unknown, what = "this operation"): InstanceState {
  const s = maybeState(obj);
  if (!s) throw new ArgumentError(`${what} takes an instance of a mapped class, got ${describeValue(obj)}`);
  return s;
}

export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ? `a ${(v as object).constructor.name}` : "an object";
  return typeof v;
}

/** Attaches a fresh state to `obj` (constructor and loading). */
export function initState(obj: object, mapper: Mapper): InstanceState {
  const s = new InstanceState(obj, mapper);
  new StateSlot(obj, s);
  return s;
}

const RAW = new WeakMap<object, unknown[]>();

/** @internal registers the raw array behind a tracked collection proxy. */
export function registerRaw(proxy: object, raw: unknown[]): void {
  RAW.set(proxy, raw);
}

/** The plain array behind a tracked collection (or the array itself). */
export function rawArray(a: unknown[]): unknown[] {
  return RAW.get(a) ?? a;
}
