/**
 * Polymorphic loading over concrete-table inheritance (SQLAlchemy's `polymorphic_union` /
 * `ConcreteBase`): `select(Vehicle).options(withPolymorphic("*"))` selects from
 *
 *     (SELECT vehicles.id AS id, vehicles.name AS name, CAST(NULL AS INTEGER) AS payload, CAST(? AS INTEGER) AS _polymorphic_class FROM vehicles
 *      UNION ALL
 *      SELECT trucks.id, trucks.name, trucks.payload, CAST(? AS INTEGER) FROM trucks) AS anon_1
 *
 * (columns aligned by attribute key, NULL cast to the column's type where a table lacks one, the
 * branch number bound as a parameter), adapts the statement's criteria and ORDER BY onto the
 * subquery's columns, and builds each row as the class of its branch, keyed in that class's own
 * identity space.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { cast, literal, null_, type ColumnElement } from "../../sql/elements/elements.js";
import type { FromClause, Subquery } from "../../sql/selectable/from-clause.js";
import { select, unionAll, type Select } from "../../sql/selectable/select.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import { Integer } from "../../sql/types/numeric.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";
import type { Mapper } from "../mapping/mapper.js";
import { loadInstance, type LoadContext } from "./loading.js";

/** One polymorphic union: its subquery, its member classes (branch order) and per member the column layout. */
export interface ConcreteUnion {
  readonly mapper: Mapper;
  readonly subquery: Subquery;
  readonly members: readonly Mapper[];
  /** Per member, the union's positions as that member's table columns (a placeholder where it has none). */
  readonly layouts: readonly (readonly ColumnImpl<string, unknown>[])[];
  /** Position of the branch-number column. */
  readonly discriminator: number;
}

/** The union behind each subquery made here (the entity layout reads it). */
const unions = new WeakMap<FromClause, ConcreteUnion>();

/** The polymorphic union a FROM is, if it is one. */
export function concreteUnionOf(from: unknown): ConcreteUnion | undefined {
  return unions.get(from as FromClause);
}

const NONE = Object.freeze({ key: "\u0000none", table: null }) as unknown as ColumnImpl<string, unknown>;

/** The members of `m`'s union: `m` and its concrete descendants (a concrete subclass of a concrete subclass included). */
export function concreteMembers(m: Mapper, wanted: ReadonlySet<Mapper> | "*"): Mapper[] {
  const out: Mapper[] = [m];
  const walk = (x: Mapper): void => {
    for (const s of x.subMappers) {
      if (s.inheritance !== "concrete") continue;
      if (wanted === "*" || wanted.has(s) || [...wanted].some((w) => w.isa(s))) out.push(s);
      walk(s);
    }
  };
  walk(m);
  return out;
}

/** Builds the UNION ALL subquery of `members` (the first is the entity's own class). */
export function buildConcreteUnion(mapper: Mapper, members: readonly Mapper[]): ConcreteUnion {
  for (const x of members) {
    if (x.tables.length !== 1) {
      throw new ArgumentError(`withPolymorphic(): ${x.className} spans several tables (joined-table inheritance); a polymorphic union over concrete tables takes classes with one table each`);
    }
  }
  const keys: { key: string; type: TypeEngine }[] = [];
  const seen = new Set<string>();
  for (const x of members) {
    for (const c of x.table.columns) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      keys.push({ key: c.key, type: c.type });
    }
  }
  let disc = "_polymorphic_class";
  while (seen.has(disc)) disc = `_${disc}`;
  const branches: Select<any>[] = [];
  const layouts: ColumnImpl<string, unknown>[][] = [];
  members.forEach((x, i) => {
    const byKey = new Map(x.table.columns.map((c) => [c.key, c]));
    const items: ColumnElement<unknown>[] = [];
    const layout: ColumnImpl<string, unknown>[] = [];
    for (const { key, type } of keys) {
      const col = byKey.get(key);
      if (col && !sameFamily(col.type, type)) {
        throw new ArgumentError(`withPolymorphic(): ${x.className}.${key} is a ${col.type.constructor.name} but the union's column ${key} (of ${members.find((o) => o.table.columns.some((c) => c.key === key))!.className}) is a ${type.constructor.name}; concrete classes sharing an attribute name need the same column type`);
      }
      items.push((col ?? cast(null_(), type)).label(key) as ColumnElement<unknown>);
      layout.push(col ?? NONE);
    }
    // the branch number: a bound parameter, typed so every database accepts it in a UNION
    items.push(cast(literal(i, Integer), Integer).label(disc) as ColumnElement<unknown>);
    layout.push(NONE);
    branches.push(select(...items).selectFrom(x.table) as unknown as Select<any>);
    layouts.push(layout);
  });
  const subquery = unionAll(...branches).subquery() as Subquery;
  const u: ConcreteUnion = { mapper, subquery, members, layouts, discriminator: keys.length };
  unions.set(subquery, u);
  return u;
}

function sameFamily(a: TypeEngine, b: TypeEngine): boolean {
  return (a as { kind?: string }).kind === (b as { kind?: string }).kind;
}

/** The statement-level map from the entity's table (and its columns) to the union (and its columns). */
export function unionReplacements(u: ConcreteUnion): Map<object, object> {
  const map = new Map<object, object>([[u.mapper.table, u.subquery]]);
  for (const c of u.mapper.table.columns) map.set(c, u.subquery.c[c.key]!);
  return map;
}

/** The object of one union row: the branch names the class; its columns are read in that class's layout. */
export function loadUnionRow(ctx: LoadContext, u: ConcreteUnion, values: readonly unknown[], offset: number): object | null {
  const branch = values[offset + u.discriminator];
  if (branch === null || branch === undefined) return null; // an outer-joined union with no row
  const i = Number(branch);
  const member = u.members[i];
  if (!member) throw new ArgumentError(`polymorphic union of ${u.mapper.className}: unexpected branch ${String(branch)}`);
  return loadInstance(ctx, member, values, offset, false, u.layouts[i]);
}
