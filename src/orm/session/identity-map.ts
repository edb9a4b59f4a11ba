/**
 * The session's identity map: one object per (identity root, primary key). Keys live in one map per
 * identity root (`Mapper.base`), so that a single-column key is the column's value itself (a number
 * or a string, hashed by V8 without building a string per row) and only composite or other keys
 * are joined into a string (`identityKey`).
 * @module
 */
import type { Mapper } from "../mapping/mapper.js";
import { builtState, identityOf, instanceState, LoadBatch, type InstanceState, type RowLayout, type StateOwner } from "./instance-state.js";

/** A primary key within its identity root: the value of a single number or string column, else a string made from the values. */
export type IdentityKey = string | number;

/** Builds the identity key of primary-key values (in `mapper.pk` order). */
export function identityKey(values: readonly unknown[]): IdentityKey {
  if (values.length === 1) return identityKeyOf(values[0]);
  let k = "";
  for (let i = 0; i < values.length; i++) k += (i ? "\u0000" : "") + keyPart(values[i]);
  return k;
}

/** The identity key of a single-column primary key's value (what `identityKey([v])` returns, without the array). */
export function identityKeyOf(v: unknown): IdentityKey {
  return typeof v === "number" || typeof v === "string" ? v : keyPart(v);
}

function keyPart(v: unknown): string {
  return typeof v === "bigint" ? `${v}n` : v instanceof Date ? v.toISOString() : String(v);
}

/** One identity root's objects: indexed by key, plus objects added unindexed (see `addUnindexed`, `addBatch`). */
interface Root {
  /** The objects by identity key (a loaded object may have no state yet: `LoadBatch`). */
  readonly byKey: Map<IdentityKey, object>;
  unindexed: InstanceState[] | null;
  batches: LoadBatch[] | null;
}

/**
 * The session's objects with a row, by identity root and key. A query whose rows are distinct
 * objects none of which the session holds (a plain `select(User)` into an empty session) adds them
 * unindexed: they are put into the key index only when something first looks one up, which most
 * request handlers (load, serialise, done) never do. Loaded objects may have no state yet
 * (`LoadBatch`): what happens to every object at once (expire, detach) is recorded in their
 * batches, which the map keeps until `clear()`.
 */
export class IdentityMap {
  private readonly _roots = new Map<Mapper, Root>();
  /** The last root looked up (loading asks for one root many times in a row). */
  private _lastBase: Mapper | null = null;
  private _last: Root | null = null;
  /** Every batch of loaded objects (indexed or not), for `expireAll` / `detachAll`. */
  private _batches: LoadBatch[] = [];
  /** The batch that objects loaded with a given row layout join (`batchFor`). */
  private readonly _open = new Map<RowLayout, LoadBatch>();

  /** The objects of `mapper`'s identity root (created when `create`). */
  private _root(mapper: Mapper, create: boolean): Root | undefined {
    const base = mapper.base;
    if (base === this._lastBase) return this._last!;
    let r = this._roots.get(base);
    if (r === undefined) {
      if (!create) return undefined;
      this._roots.set(base, (r = { byKey: new Map(), unindexed: null, batches: null }));
    }
    this._lastBase = base;
    this._last = r;
    return r;
  }

  /** The key index of a root, with its unindexed objects put into it first. */
  private _index(r: Root): Map<IdentityKey, object> {
    const u = r.unindexed;
    if (u !== null) {
      r.unindexed = null;
      for (let i = 0; i < u.length; i++) r.byKey.set(u[i]!.identity!, u[i]!.obj);
    }
    const bs = r.batches;
    if (bs !== null) {
      r.batches = null;
      for (const b of bs) {
        for (let i = 0; i < b.objs.length; i++) r.byKey.set(identityOf(b.objs[i]!)!, b.objs[i]!);
        b.objs.length = 0; // (indexed now: the batch keeps its flags only)
      }
    }
    return r.byKey;
  }

  /** The state of the object of `mapper`'s hierarchy with key `key`. */
  get(mapper: Mapper, key: IdentityKey): InstanceState | undefined {
    const o = this.getObject(mapper, key);
    return o === undefined ? undefined : instanceState(o);
  }

  /** The object of `mapper`'s hierarchy with key `key` (its state is not built). */
  getObject(mapper: Mapper, key: IdentityKey): object | undefined {
    const r = this._root(mapper, false);
    return r === undefined ? undefined : this._index(r).get(key);
  }

  /** Stores `s` under its identity (replacing another object with that identity). */
  set(s: InstanceState): void {
    this._index(this._root(s.mapper, true)!).set(s.identity!, s.obj);
  }

  /** Stores `obj`, a loaded object of `mapper` with identity `key` not yet in the map. */
  setObject(mapper: Mapper, key: IdentityKey, obj: object): void {
    this._index(this._root(mapper, true)!).set(key, obj);
  }

  /**
   * The batch that objects of `mapper` loaded with `layout` for `owner` join: the same one until
   * something happens to every object of the session (expire, detach), then a new one. Only for a
   * single-column primary key at `pk` (a position in the row).
   */
  batchFor(mapper: Mapper, layout: RowLayout, pk: number, owner: StateOwner): LoadBatch {
    let b = this._open.get(layout);
    if (b === undefined || !b.live(owner) || b.mapper !== mapper) {
      b = new LoadBatch(mapper, layout, pk, identityKeyOf, owner, 0);
      this._open.set(layout, b);
      this._batches.push(b);
    }
    return b;
  }

  /** Does the session hold no object of `mapper`'s identity root? */
  isEmptyFor(mapper: Mapper): boolean {
    const r = this._root(mapper, false);
    return r === undefined || (r.byKey.size === 0 && r.unindexed === null && r.batches === null);
  }

  /**
   * Stores `states` (the array is kept), objects of one identity root that the caller knows have
   * identities no other object of the map has, nor each other: indexed on the first lookup of
   * their root.
   */
  addUnindexed(states: InstanceState[]): void {
    if (states.length === 0) return;
    const r = this._root(states[0]!.mapper, true)!;
    if (r.unindexed === null) r.unindexed = states;
    else for (const s of states) r.unindexed.push(s);
  }

  /**
   * Stores the objects of `batch` (as `addUnindexed`: identities new to the map and distinct),
   * which get their states only when needed (`LoadBatch`).
   */
  addBatch(batch: LoadBatch): void {
    this._batches.push(batch);
    if (batch.objs.length === 0) return;
    const r = this._root(batch.mapper, true)!;
    (r.batches ??= []).push(batch);
  }

  /** Removes `s` if the map holds it under its identity (another object with that identity stays). */
  delete(s: InstanceState): void {
    if (s.identity === null) return;
    const r = this._root(s.mapper, false);
    if (r === undefined) return;
    const m = this._index(r);
    if (m.get(s.identity) === s.obj) m.delete(s.identity);
  }

  /** Number of objects. */
  get size(): number {
    let n = 0;
    for (const r of this._roots.values()) {
      n += r.byKey.size + (r.unindexed?.length ?? 0);
      if (r.batches !== null) for (const b of r.batches) n += b.objs.length;
    }
    return n;
  }

  /** Every object's state (building the states of loaded objects that have none yet). */
  *values(): IterableIterator<InstanceState> {
    for (const r of this._roots.values()) {
      for (const o of r.byKey.values()) yield instanceState(o);
      if (r.unindexed !== null) yield* r.unindexed;
      if (r.batches !== null) for (const b of r.batches) for (const o of b.objs) yield instanceState(o);
    }
  }

  /**
   * Runs `f` on every object that has a state, and `batch(b)` on each batch, whose objects without
   * a state take what it records when they get one: an operation on every object of the session
   * that builds no state.
   */
  private _each(f: (s: InstanceState) => void, batch: (b: LoadBatch) => void): void {
    for (const b of this._batches) batch(b);
    this._open.clear(); // (new loads start new batches)
    for (const r of this._roots.values()) {
      for (const o of r.byKey.values()) {
        const s = builtState(o);
        if (s !== null) f(s);
      }
      if (r.unindexed !== null) for (const s of r.unindexed) f(s);
      if (r.batches !== null) {
        for (const b of r.batches) {
          for (const o of b.objs) {
            const s = builtState(o);
            if (s !== null) f(s);
          }
        }
      }
    }
  }

  /** Expires every object (`expire(s)` on those with a state; the rest when they get one). */
  expireAll(expire: (s: InstanceState) => void): void {
    this._each(expire, (b) => (b.expired = true));
  }

  /** Detaches every object (`detach(s)` on those with a state; the rest when they get one). The map is left to `clear()`. */
  detachAll(detach: (s: InstanceState) => void): void {
    this._each(detach, (b) => {
      b.session = null;
      b.status = "detached";
    });
  }

  clear(): void {
    this._roots.clear();
    this._batches = [];
    this._open.clear();
    this._lastBase = this._last = null;
  }
}
