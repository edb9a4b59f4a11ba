/**
 * Reading a statement's entities (`select(User, Post.title)`) and normalising primary-key input
 * (`session.get(User, 1)`, `[1, "eu"]`, `{ id: 1 }`).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { FromClause } from "../../sql/selectable/from-clause.js";
import type { Select } from "../../sql/selectable/select.js";
import { entityMapper } from "../mapping/aliased.js";
import type { Mapper } from "../mapping/mapper.js";
import type { EntitySpec } from "./loading.js";
import { baseColumns } from "./polymorphic.js";
import { concreteUnionOf } from "./concrete-union.js";

/** The entity layout of a statement, when it selected mapped classes. */
export function entitySpec(statement: unknown): EntitySpec | null {
  const st = statement as Partial<Select<any>>;
  if (st.kind !== "select" || !st._entities) return null;
  const items = st._items!.map((item, i) => {
    const ent = st._entities![i];
    const width = item instanceof FromClause ? item.columns.length : 1;
    if (ent) {
      const union = concreteUnionOf(item);
      if (union) return { mapper: entityMapper(ent), width, union };
      return { mapper: entityMapper(ent), width, cols: baseColumns(item as FromClause) };
    }
    return { mapper: null, width, key: (item as { key?: string; name?: string }).key ?? (item as { name?: string }).name ?? `col_${i}` };
  });
  return { items };
}

export function normalizePk(mapper: Mapper, pk: unknown): unknown[] {
  if (Array.isArray(pk)) {
    if (pk.length !== mapper.pk.length) throw new ArgumentError(`${mapper.className} has a ${mapper.pk.length}-column primary key; got ${pk.length} value(s)`);
    return pk;
  }
  if (pk !== null && typeof pk === "object" && !(pk instanceof Date)) {
    return mapper.pk.map((c) => {
      const v = (pk as Record<string, unknown>)[c.key];
      if (v === undefined) throw new ArgumentError(`session.get(${mapper.className}, {...}): missing primary-key attribute ${JSON.stringify(c.key)}`);
      return v;
    });
  }
  if (mapper.pk.length !== 1) throw new ArgumentError(`${mapper.className} has a composite primary key: pass [${mapper.pk.map((c) => c.key).join(", ")}] or an object`);
  return [pk];
}
