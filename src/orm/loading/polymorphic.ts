/**
 * Polymorphic loading: `select(Employee).options(withPolymorphic([Engineer, Manager]))` (or
 * `withPolymorphic("*")`) LEFT OUTER JOINs the joined-table subclasses' tables to the base entity,
 * so one statement loads every subclass's attributes; and the column layout an entity's objects
 * are read from.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { and } from "../../sql/elements/elements.js";
import { Alias, Join, type FromClause } from "../../sql/selectable/from-clause.js";
import type { Select } from "../../sql/selectable/select.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ColumnAttribute } from "../mapping/column-attribute.js";
import { mapperFor } from "../mapping/declarative.js";
import { descendants, inheritPairs, polymorphicDefaultOf, viaConcrete } from "../mapping/inheritance.js";
import type { Mapper } from "../mapping/mapper.js";
import { entityMapper } from "../mapping/aliased.js";
import { replaceElements } from "./adapt-statement.js";
import { buildConcreteUnion, concreteMembers, unionReplacements, type ConcreteUnion } from "./concrete-union.js";

/** The option `withPolymorphic(...)` returns. */
export class WithPolymorphic {
  /** `keyed`: the internal marker of loads by key or through a relationship (see {@link KEYED_LOAD}). */
  constructor(
    readonly classes: readonly Mapper[] | "*",
    readonly keyed = false,
  ) {}
  toString(): string {
    return `withPolymorphic(${this.classes === "*" ? '"*"' : `[${this.classes.map((m) => m.className).join(", ")}]`})`;
  }
}

/**
 * A loader option: entities of a base class (or of a subclass with subclasses) in the statement
 * also select the tables of the given joined-inheritance subclasses (`"*"`: all of them) through
 * LEFT OUTER JOINs, so their objects come back with every attribute loaded in one statement.
 * Naming concrete-table subclasses (or `"*"` over a concrete hierarchy) selects the entity from a
 * UNION ALL of its table and theirs instead (see concrete-union.ts): rows of every table, each
 * built as its own class.
 */
export function withPolymorphic(classes: readonly (abstract new (...args: any[]) => object)[] | "*"): WithPolymorphic {
  if (classes === "*") return new WithPolymorphic("*");
  if (!Array.isArray(classes) || classes.length === 0) {
    throw new ArgumentError('withPolymorphic() takes an array of mapped subclasses ([Engineer, Manager]) or "*" (every subclass)');
  }
  return new WithPolymorphic(classes.map((c) => mapperFor(c)));
}

const joinColumns = new WeakMap<Join, readonly ColumnImpl<string, unknown>[]>();

/** Columns of `from` as the mapped tables' own columns, in select-list order (aliases see through to their table). */
export function baseColumns(from: FromClause): readonly ColumnImpl<string, unknown>[] {
  if (from instanceof Join) {
    // memoised: a join's column list is asked for per loaded row (and keys loading's pk-position cache)
    let cols = joinColumns.get(from);
    if (!cols) joinColumns.set(from, (cols = [...baseColumns(from.left), ...baseColumns(from.right)]));
    return cols;
  }
  if (from instanceof Alias) return baseColumns(from.element);
  return from.columns as readonly ColumnImpl<string, unknown>[];
}

/**
 * The option `session.get()`, `merge()` and lazy loads add to their select (and the nested
 * selectin/subquery loads are run with): a load by key, or by a foreign key, of a class whose
 * `mapperArgs.withPolymorphic` covers concrete-table subclasses reads the class's own table only
 * (the key is a key of that table; the union of tables with separate key sequences could return
 * two rows for it); joined-table subclasses are still joined in. Not a public option.
 */
export const KEYED_LOAD = new WithPolymorphic([], true);

/**
 * Rewrites entity items of polymorphic bases into outer joins with their subclasses' tables, or
 * into a union of concrete tables: by the statement's `withPolymorphic` options, else by each
 * entity's `mapperArgs.withPolymorphic` (`keyed`, or the {@link KEYED_LOAD} option: without its
 * concrete-table subclasses). An aliased entity takes no mapper default (it is loaded as before).
 */
export function applyWithPolymorphic(stmt: Select<any>, keyed = false): Select<any> {
  if (!stmt._entities) return stmt;
  let opts = stmt._options.filter((o): o is WithPolymorphic => o instanceof WithPolymorphic);
  if (opts.some((o) => o.keyed)) {
    keyed = true;
    opts = opts.filter((o) => !o.keyed);
  }
  const explicit = opts.length > 0;
  let changed = false;
  const unions: ConcreteUnion[] = [];
  const items = stmt._items.map((item, i) => {
    const ent = stmt._entities![i];
    if (!ent) return item;
    const m = entityMapper(ent);
    if (!explicit) {
      // the mapper-level default, when the statement names no withPolymorphic of its own (not for fromStatement(text))
      if (stmt._fromStatement) return item;
      m.ensureConfigured();
      const d = polymorphicDefaultOf(m);
      if (d === null || item !== m.selectable) return item;
      opts = [new WithPolymorphic(d)];
    }
    const subs = new Set<Mapper>();
    const concrete = new Set<Mapper>();
    let allConcrete = false;
    for (const o of opts) {
      if (o.classes === "*") allConcrete = true;
      const wanted = o.classes === "*" ? descendants(m) : o.classes.filter((c) => c !== m && c.isa(m));
      for (const w of wanted) {
        if (viaConcrete(w, m)) {
          if (!explicit && keyed) continue; // a load by key reads the class's own table
          concrete.add(w);
        } else for (let x: Mapper | null = w; x && x !== m; x = x.inherits) subs.add(x);
      }
    }
    const members = concrete.size ? concreteMembers(m, allConcrete ? "*" : concrete) : [m];
    if (subs.size === 0 && members.length === 1) return item;
    if (item !== m.selectable) {
      throw new ArgumentError(`${opts[0]}: not supported for an aliased entity (aliased(${m.className})); select the class itself`);
    }
    if (members.length > 1) {
      if ([...subs].some((x) => x.inheritance === "joined")) {
        throw new ArgumentError(`${opts[0]}: ${m.className} has both joined-table and concrete-table subclasses; load them with separate queries (withPolymorphic([...joined]) or withPolymorphic([...concrete]))`);
      }
      unions.push(buildConcreteUnion(m, members));
      return item;
    }
    let from: FromClause = item;
    const have = new Set<TableImpl>(m.tables);
    for (const sub of [m, ...descendants(m)].filter((x) => subs.has(x))) {
      if (sub.inheritance !== "joined" || have.has(sub.table)) continue;
      const pairs = inheritPairs.get(sub)!;
      const on = pairs.map((p) => (p.referenced as ColumnAttribute<unknown>).eq(p.fk as never));
      from = from.outerjoin(sub.table, on.length === 1 ? on[0]! : and(...on));
      have.add(sub.table);
      changed = true;
    }
    return from;
  });
  let out = stmt;
  if (changed) out = Object.assign(Object.create(Object.getPrototypeOf(stmt) as object) as Select<any>, stmt, { _items: items });
  // criteria, ORDER BY, joins... written against the base table now read the union's columns
  for (const u of unions) out = replaceElements(out, unionReplacements(u));
  return out;
}
