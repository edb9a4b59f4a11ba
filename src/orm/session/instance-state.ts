/**
 * `InstanceState`: the ORM's bookkeeping for one mapped object, kept in a private class field so
 * the object itself stays a plain class instance with no own properties: current values (or, for a
 * loaded object only read so far, the driver's row), the committed (database) value of each changed
 * attribute, expired attributes, the lifecycle status, the identity and the owning session.
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

/**
 * An object's ORM state. It is a plain object built by one object literal (`newState`), not a
 * class instance: V8 tracks where literals are allocated and, seeing that these objects live long
 * (one per loaded or added object), allocates them directly in the old generation instead of
 * copying each through the young one. The operations on a state are the functions below.
 */
export interface InstanceState {
  /** @internal Current values by attribute key (columns and loaded relationships): see `dictOf`. Null while the values are still `_row`'s. */
  _dict: Record<string, unknown> | null;
  /**
   * @internal A loaded object's values as the driver's row (`_layout` says which column is where),
   * until something needs the dictionary (`dictOf`): a loaded object that is only read never
   * copies its row.
   */
  _row: readonly unknown[] | null;
  _layout: RowLayout | null;
  /**
   * @internal The committed values (see `committedOf`), or, for a new object before anything needed
   * that map, the column attributes set while it had no value for them (committed value
   * `NO_VALUE`): an interned sequence shared by the objects built alike, turned into the map when
   * it is first used.
   */
  _committed: Map<string, unknown> | KeySequence | null;
  /** @internal see `expiredOf` */
  _expired: Set<string> | null;
  status: Status;
  session: StateOwner | null;
  /** Identity key (primary key within the mapper's identity root) once the object has a row. */
  identity: IdentityKey | null;
  readonly obj: object;
  readonly mapper: Mapper;
}

/** A fresh state (transient: no session, no identity). */
function newState(obj: object, mapper: Mapper): InstanceState {
  return { _dict: new ValueDict(), _row: null, _layout: null, _committed: null, _expired: null, status: "transient", session: null, identity: null, obj, mapper };
}

/**
 * Where each attribute of a loaded row is: the columns `cols` start at `offset` of the row (an
 * entity's columns in a row of several entities), and `index[key]` is a column's position in the row.
 */
export interface RowLayout {
  readonly cols: readonly { readonly key: string }[];
  readonly offset: number;
  readonly index: Readonly<Record<string, number>>;
}

/** The layout of rows with columns `cols` from `offset` on (memoised per column list and offset). */
export function rowLayout(cols: readonly { readonly key: string }[], offset = 0): RowLayout {
  let byOffset = layouts.get(cols);
  if (byOffset === undefined) layouts.set(cols, (byOffset = []));
  let l = byOffset[offset];
  if (l === undefined) {
    const index = new ValueDict() as Record<string, number>;
    cols.forEach((c, i) => (index[c.key] = offset + i)); // a repeated key: the last, as dictOf copies
    byOffset[offset] = l = { cols, offset, index };
  }
  return l;
}
const layouts = new WeakMap<object, RowLayout[]>();

/** Current values by attribute key (columns and loaded relationships); a loaded object's row is copied into it on first use. */
export function dictOf(s: InstanceState): Record<string, unknown> {
  if (s._dict !== null) return s._dict;
  const d = new ValueDict();
  const row = s._row!;
  const { cols, offset } = s._layout!;
  for (let i = 0; i < cols.length; i++) d[cols[i]!.key] = row[offset + i];
  s._dict = d;
  s._row = null;
  s._layout = null;
  return d;
}

/** Column `key` of a loaded object whose values are still its row (no dictionary yet), else `NO_VALUE`. */
export function onRow(s: InstanceState, key: string): unknown {
  if (s._dict === null) {
    const i = s._layout!.index[key];
    if (i !== undefined) return s._row![i];
  }
  return NO_VALUE;
}

/** The value each changed attribute had when loaded or last flushed (`NO_VALUE` when unknown). Allocated on first use: most loaded objects never change. */
export function committedOf(s: InstanceState): Map<string, unknown> {
  const c = s._committed;
  if (c instanceof Map) return c;
  const map = (s._committed = new Map<string, unknown>());
  if (c !== null) for (const k of c.keys) map.set(k, NO_VALUE);
  return map;
}

/** Column attributes whose value must be loaded again (after commit, rollback or `expire()`). Allocated on first use. */
export function expiredOf(s: InstanceState): Set<string> {
  return (s._expired ??= new Set<string>());
}

/** Is any attribute expired? (Does not allocate the set.) */
export function hasExpired(s: InstanceState): boolean {
  return s._expired !== null && s._expired.size > 0;
}

/** Is `key` expired? (Does not allocate the set.) */
export function isExpired(s: InstanceState, key: string): boolean {
  return s._expired !== null && s._expired.has(key);
}

/** `key` is no longer expired. (Does not allocate the set.) */
export function unexpire(s: InstanceState, key: string): void {
  if (s._expired !== null) s._expired.delete(key);
}

/** Forgets every committed value (after a flush): the map is dropped, not cleared, so that it is allocated again only on the next change. */
export function clearCommitted(s: InstanceState): void {
  s._committed = null;
}

/** Nothing is expired any more. */
export function clearExpired(s: InstanceState): void {
  s._expired = null;
}

/** Records the committed value of `key` before its first change, and tells the session. */
export function recordChange(s: InstanceState, key: string): void {
  const committed = committedOf(s);
  if (!committed.has(key)) {
    const d = dictOf(s);
    const cur = key in d ? d[key] : NO_VALUE;
    committed.set(key, Array.isArray(cur) ? rawArray(cur).slice() : cur);
  }
  s.session?._markModified(s);
}

/**
 * `recordChange(s, key)` for a column attribute. A new object (no identity key) given its first
 * value for the column has committed value `NO_VALUE`: recorded without a map per object.
 */
export function recordColumnChange(s: InstanceState, key: string): void {
  const c = s._committed;
  if (!(c instanceof Map) && s.identity === null && !(key in dictOf(s))) {
    const seq = (c ?? KeySequence.EMPTY).then(key);
    if (seq !== null) {
      s._committed = seq;
      return; // a new object is never in the session's modified set
    }
  }
  recordChange(s, key);
}

/** Sets a value as loaded from the database (not a change). */
export function setLoaded(s: InstanceState, key: string, value: unknown): void {
  dictOf(s)[key] = value;
  unexpire(s, key);
}

/** Forgets loaded values: columns become expired, relationships unloaded. */
export function expireState(s: InstanceState, keys?: readonly string[]): void {
  const pkKeys = new Set(s.mapper.pk.map((c) => c.key));
  const all = keys ?? [...s.mapper.columnByKey.keys(), ...s.mapper.relationships.keys()];
  const d = dictOf(s);
  for (const k of all) {
    if (pkKeys.has(k) && s.identity !== null) continue; // the identity never expires
    delete d[k];
    if (s._committed !== null) committedOf(s).delete(k);
    RAISELOAD.get(s)?.delete(k);
    if (s.mapper.columnByKey.has(k)) expiredOf(s).add(k);
  }
}

/** Relationships of a state loaded with `raiseload(...)` / `lazy: "raise"` (rare: kept beside the states, not in each). */
const RAISELOAD = new WeakMap<InstanceState, Set<string>>();

/** Marks relationship `key` of `s` as loaded with raiseload: `awaitableAttrs` raises for it. */
export function markRaiseload(s: InstanceState, key: string): void {
  let set = RAISELOAD.get(s);
  if (set === undefined) RAISELOAD.set(s, (set = new Set()));
  set.add(key);
}

/** Was relationship `key` of `s` loaded with raiseload? */
export function isRaiseload(s: InstanceState, key: string): boolean {
  return RAISELOAD.get(s)?.has(key) ?? false;
}

/** Primary-key values from the current values. */
export function pkValues(s: InstanceState): unknown[] {
  const d = dictOf(s);
  return s.mapper.pk.map((c) => d[c.key]);
}

/** "User(id=1)" for messages. */
export function describeState(s: InstanceState): string {
  const d = dictOf(s);
  const pk = s.mapper.pk.map((c) => `${c.key}=${String(d[c.key])}`).join(", ");
  return `${s.mapper.className}(${pk})`;
}

/**
 * Objects of one mapper loaded alike into one session (`loading.ts`: the rows of a plain
 * `select(Model)` into a session that held none of their class, or every object the per-row path
 * creates with one row layout until something happens to all of the session's objects): each
 * object holds only its driver row and this shared batch, and gets its own `InstanceState` the
 * first time something needs one (a change, a relationship, `inspectState`, the identity map's
 * `get`...). Reading a loaded column needs none (`rowValue`). What happens to every object of the
 * session at once (detach on close, expire on commit or rollback) is recorded here once for the
 * objects still without a state (`IdentityMap.detachAll` / `expireAll`).
 */
export class LoadBatch {
  status: "persistent" | "detached" = "persistent";
  session: StateOwner | null;
  /** Every column but the key is expired (commit, rollback, `expireAll()`). */
  expired = false;
  /** The batch's objects not in the identity map's key index yet (in row order); empty for a batch whose objects are indexed as they load. */
  readonly objs: object[];
  constructor(
    readonly mapper: Mapper,
    readonly layout: RowLayout,
    /** Position of the (single-column) primary key in a row. */
    readonly pk: number,
    readonly keyOf: (v: unknown) => IdentityKey,
    session: StateOwner,
    n: number,
  ) {
    this.session = session;
    this.objs = new Array<object>(n);
  }

  /** Can objects still join this batch (nothing happened to the session's objects since it began)? */
  live(owner: StateOwner): boolean {
    return !this.expired && this.session === owner;
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
 * The slot holding an instance's state: private class fields, added to the instance by
 * constructing `StateSlot` over it. Unlike a symbol-keyed property they are not copied by spread or
 * `Object.assign`, not shown by `console.log` and not compared by deep equality, and adding them is
 * a field store (no `Object.defineProperty` call per loaded row). `#state` is the object's state,
 * or the `LoadBatch` it was loaded in while it has none yet (its row then in `#row`).
 */
class StateSlot extends ReturnTarget {
  #state: InstanceState | LoadBatch;
  #row: readonly unknown[] | null;
  constructor(obj: object, state: InstanceState | LoadBatch, row: readonly unknown[] | null) {
    super(obj);
    this.#state = state;
    this.#row = row;
  }
  static get(obj: object): InstanceState | undefined {
    if (!(#state in obj)) return undefined;
    const s = (obj as StateSlot).#state;
    return s instanceof LoadBatch ? StateSlot.#materialise(obj as StateSlot, s) : s;
  }
  /** The state if the object has one already (a loaded object may not yet). */
  static peek(obj: object): InstanceState | null {
    const s = (obj as StateSlot).#state;
    return s instanceof LoadBatch ? null : s;
  }
  /** The identity key of a mapped instance with a row (its state's, or its batch's reading of its row). */
  static identity(obj: object): IdentityKey | null {
    const s = (obj as StateSlot).#state;
    return s instanceof LoadBatch ? s.keyOf((obj as StateSlot).#row![s.pk]) : s.identity;
  }
  /** Is `obj` on its row in a batch that nothing expired (its loaded values current)? */
  static fresh(obj: object): boolean {
    const s = (obj as StateSlot).#state;
    return s instanceof LoadBatch && !s.expired;
  }
  /** Column `key` of an object still on its row in an unexpired batch, else `NO_VALUE`. */
  static rowValue(obj: object, key: string): unknown {
    const s = (obj as StateSlot).#state;
    if (s instanceof LoadBatch && !s.expired) {
      const i = s.layout.index[key];
      if (i !== undefined) return (obj as StateSlot).#row![i];
    }
    return NO_VALUE;
  }
  static #materialise(obj: StateSlot, b: LoadBatch): InstanceState {
    const row = obj.#row!;
    const s = loadedState(obj, b.mapper, b.keyOf(row[b.pk]), row, b.layout, b.session, b.status);
    obj.#state = s;
    obj.#row = null;
    if (b.expired) expireState(s);
    return s;
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

/** A loaded object's state, its values still the driver's row (one literal: see `InstanceState`). */
function loadedState(obj: object, mapper: Mapper, identity: IdentityKey, row: readonly unknown[], layout: RowLayout, session: StateOwner | null, status: Status): InstanceState {
  return { _dict: null, _row: row, _layout: layout, _committed: null, _expired: null, status, session, identity, obj, mapper };
}

/** Makes `obj` an object of `batch` loaded from `row` (its state is built when first needed). */
export function initBatchLoaded(obj: object, batch: LoadBatch, row: readonly unknown[]): void {
  new StateSlot(obj, batch, row);
}

/** The state of `obj` if it has one yet (null for a loaded object still on its row), without building it. */
export function builtState(obj: object): InstanceState | null {
  return StateSlot.peek(obj);
}

/** The identity key of a mapped instance (without building a state for it). */
export function identityOf(obj: object): IdentityKey | null {
  return StateSlot.identity(obj);
}

/** Is `obj` a loaded object without its state yet whose values nothing expired? */
export function isFreshLoaded(obj: object): boolean {
  return StateSlot.fresh(obj);
}

/**
 * The value of column `key` of a mapped instance when it can be read without its state (a loaded
 * object still on its row), else `NO_VALUE` (the attribute accessors' fast path).
 */
export function rowValue(obj: object, key: string): unknown {
  return StateSlot.rowValue(obj, key);
}

/** Attaches a fresh state to `obj` (constructor and loading). */
export function initState(obj: object, mapper: Mapper): InstanceState {
  const s = newState(obj, mapper);
  new StateSlot(obj, s, null);
  return s;
}

/** @internal The key a tracked collection proxy answers with the plain array behind it (collection.ts). */
export const RAW: unique symbol = Symbol("alkahest.rawArray");

/** The plain array behind a tracked collection (or the array itself). */
export function rawArray(a: unknown[]): unknown[] {
  return (a as { [RAW]?: unknown[] })[RAW] ?? a;
}
