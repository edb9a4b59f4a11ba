/**
 * The session's identity map: one object per (identity root, primary key). Keys live in one map per
 * identity root (`Mapper.base`), so that a single-column key is the column's value itself (a number
 * or a string, hashed by V8 without building a string per row) and only composite or other keys
 * are joined into a string (`identityKey`).
 * @module
 */
import type { Mapper } from "../mapping/mapper.js";
import type { InstanceState } from "./instance-state.js";

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

/** The session's objects with a row, by identity root and key. */
export class IdentityMap {
  private readonly _byBase = new Map<Mapper, Map<IdentityKey, InstanceState>>();
  /** The last root looked up and its map (loading asks for one root many times in a row). */
  private _lastBase: Mapper | null = null;
  private _last: Map<IdentityKey, InstanceState> | null = null;

  /** The map of `mapper`'s identity root (created when `create`). */
  private _of(mapper: Mapper, create: boolean): Map<IdentityKey, InstanceState> | undefined {
    const base = mapper.base;
    if (base === this._lastBase) return this._last!;
    let m = this._byBase.get(base);
    if (m === undefined) {
      if (!create) return undefined;
      this._byBase.set(base, (m = new Map()));
    }
    this._lastBase = base;
    this._last = m;
    return m;
  }

  /** The object of `mapper`'s hierarchy with key `key`. */
  get(mapper: Mapper, key: IdentityKey): InstanceState | undefined {
    return this._of(mapper, false)?.get(key);
  }

  /** Stores `s` under its identity (replacing another object with that identity). */
  set(s: InstanceState): void {
    this._of(s.mapper, true)!.set(s.identity!, s);
  }

  /** Removes `s` if the map holds it under its identity (another object with that identity stays). */
  delete(s: InstanceState): void {
    if (s.identity === null) return;
    const m = this._of(s.mapper, false);
    if (m !== undefined && m.get(s.identity) === s) m.delete(s.identity);
  }

  /** Number of objects. */
  get size(): number {
    let n = 0;
    for (const m of this._byBase.values()) n += m.size;
    return n;
  }

  /** Every object. */
  *values(): IterableIterator<InstanceState> {
    for (const m of this._byBase.values()) yield* m.values();
  }

  clear(): void {
    this._byBase.clear();
    this._lastBase = this._last = null;
  }
}
