/**
 * Reading attribute values for the unit of work: a relationship's value as a list, the value an
 * attribute had in the database, and a generated key converted to its column's JS type.
 * @module
 */
import type { ColumnAttribute } from "../mapping/column-attribute.js";
import { NO_VALUE, rawArray, type InstanceState, committedOf, dictOf } from "../session/instance-state.js";

/** A relationship value as a list: a collection's items, a scalar's one object, or none. */
export function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return rawArray(v);
  return v === null || v === undefined ? [] : [v];
}

/** {@link asList}, with an unloaded value (NO_VALUE) as none. */
export function asListOrEmpty(v: unknown): unknown[] {
  return v === NO_VALUE ? [] : asList(v);
}

/** The value an attribute had in the database (before unflushed changes). */
export function committedValue(s: InstanceState, key: string): unknown {
  if (committedOf(s).has(key)) {
    const v = committedOf(s).get(key);
    if (v !== NO_VALUE) return v;
  }
  return dictOf(s)[key];
}

/** A generated key (a driver's last-insert id, a sequence value) as its column's JS type. */
export function keyValue(col: ColumnAttribute<unknown>, id: unknown): unknown {
  const kind = col.type.kind;
  if ((kind === "integer" || kind === "smallint") && typeof id !== "number") return Number(id);
  if (kind === "bigint" && typeof id !== "bigint") return BigInt(id as string);
  return id;
}
