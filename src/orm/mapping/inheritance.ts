/**
 * Mapper inheritance (`Employee.subclass(...)`): joined table (the subclass has its own table whose
 * primary key is a foreign key to the parent's), single table (the subclass's columns live in the
 * parent's table; rows are told apart by the discriminator) and concrete table (the subclass has
 * its own complete table and its own identity space). Here: the mapper-level setup (tables, the
 * selectable, the discriminator map) and the criteria a single-table subclass adds to its selects.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { and, type ColumnElement } from "../../sql/elements/elements.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ColumnAttribute } from "./column-attribute.js";
import { fkPairs, type Mapper } from "./mapper.js";
import type { ColumnPair } from "./relationship.js";
import { adapt } from "./relationship-path.js";

/** How a subclass's rows are stored relative to its parent's. */
export type InheritanceKind = "joined" | "single" | "concrete";

/** Per joined-subclass mapper: the foreign-key pairs from its table to the parent's tables (child pk ← parent pk on INSERT). */
export const inheritPairs = new WeakMap<Mapper, ColumnPair[]>();

const q = JSON.stringify;

/** Completes a new mapper's inheritance fields (called at the end of its constructor). */
export function setupInheritance(m: Mapper, inherit: { parent: Mapper; kind: InheritanceKind } | null): void {
  const args = m.args;
  if (!inherit) {
    if (args.polymorphicOn !== undefined) {
      const col = m.columnByKey.get(args.polymorphicOn);
      if (!col) throw new ArgumentError(`${m.className}: polymorphicOn ${q(args.polymorphicOn)} is not a column attribute (columns: ${[...m.columnByKey.keys()].join(", ")})`);
      m.polymorphicOn = col;
    }
    if (args.polymorphicIdentity !== undefined) {
      if (!m.polymorphicOn) throw new ArgumentError(`${m.className}: polymorphicIdentity needs polymorphicOn: "<discriminator attribute>" in the same mapperArgs`);
      registerIdentity(m, args.polymorphicIdentity);
    }
    return;
  }
  const { parent, kind } = inherit;
  m.inherits = parent;
  m.inheritance = kind;
  parent.subMappers.push(m);
  if (args.polymorphicOn !== undefined && args.polymorphicOn !== parent.base.args.polymorphicOn) {
    throw new ArgumentError(`${m.className}: polymorphicOn belongs in the mapperArgs of the hierarchy's base class (${parent.base.className}), not of a subclass`);
  }
  if (kind === "concrete") {
    // its own table and identity space; loading the base class does not include its rows.
    // A discriminator column copied from the base is filled with this class's identity.
    const on = parent.base.polymorphicOn;
    if (on && m.columnByKey.has(on.key)) {
      m.polymorphicOn = m.columnByKey.get(on.key)!;
      m.polymorphicMap = new Map();
      if (args.polymorphicIdentity === undefined) {
        throw new ArgumentError(`${m.className}: give it mapperArgs { polymorphicIdentity: ... }: its table has the discriminator column ${on.key} of ${parent.base.className}`);
      }
      registerIdentity(m, args.polymorphicIdentity);
    } else m.polymorphicIdentity = args.polymorphicIdentity;
    return;
  }
  m.base = parent.base;
  m.polymorphicOn = parent.polymorphicOn;
  m.polymorphicMap = parent.polymorphicMap;
  if (kind === "joined") {
    const pairs: ColumnPair[] = [];
    for (const t of [...parent.tables].reverse()) {
      // the inheritance link: the subclass table's primary key referencing the parent's (other foreign keys are relationships)
      pairs.push(...fkPairs(m.table, t, null).filter((p) => p.fk.primaryKey && p.referenced.primaryKey));
      if (pairs.length) break;
    }
    const parentTable = pairs[0]?.referenced.table as TableImpl | undefined;
    if (!parentTable || !parentTable.primaryKeyColumns.every((c) => pairs.some((p) => p.referenced === c))) {
      throw new ArgumentError(
        `${m.className}: joined-table inheritance needs the primary key of ${m.table.name} to be a foreign key to ${parent.table.name}'s primary key; ` +
          `declare it as mappedColumn(Integer, { primaryKey: true, foreignKey: "${parent.table.name}.${parent.pk[0]!.name}" })`,
      );
    }
    inheritPairs.set(m, pairs);
    m.tables = [...parent.tables, m.table];
    m.tableColumns = new Map([...parent.tableColumns, [m.table, m.tableColumns.get(m.table) ?? []]]);
    const on = pairs.map((p) => (p.referenced as ColumnAttribute<unknown>).eq(p.fk as never));
    m.selectable = parent.selectable.join(m.table, on.length === 1 ? on[0]! : and(...on));
  } else {
    if (!parent.polymorphicOn) {
      throw new ArgumentError(
        `${m.className}: single-table inheritance needs a discriminator: give the base class ${parent.base.className} mapperArgs { polymorphicOn: "<column attribute>", polymorphicIdentity: ... }`,
      );
    }
    const own = m.tableColumns.get(m.table) ?? [];
    m.tables = parent.tables;
    m.tableColumns = new Map(parent.tableColumns);
    m.tableColumns.set(m.table, [...(parent.tableColumns.get(m.table) ?? []), ...own]);
    m.selectable = parent.selectable;
  }
  if (args.polymorphicIdentity !== undefined) {
    if (!m.polymorphicOn) {
      throw new ArgumentError(`${m.className}: polymorphicIdentity needs polymorphicOn on the base class ${m.base.className} (mapperArgs { polymorphicOn: "<column attribute>" })`);
    }
    registerIdentity(m, args.polymorphicIdentity);
  } else if (m.polymorphicOn) {
    throw new ArgumentError(
      `${m.className}: give it mapperArgs { polymorphicIdentity: ... }: the base class ${m.base.className} tells rows apart by ${m.base.className}.${m.polymorphicOn.key}`,
    );
  }
}

function registerIdentity(m: Mapper, identity: unknown): void {
  if (typeof identity !== "string" && typeof identity !== "number") throw new ArgumentError(`${m.className}: polymorphicIdentity must be a string or a number`);
  const other = m.polymorphicMap.get(identity);
  if (other && other !== m) throw new ArgumentError(`${m.className}: polymorphicIdentity ${q(identity)} is already the identity of ${other.className}`);
  m.polymorphicIdentity = identity;
  m.polymorphicMap.set(identity, m);
}

/**
 * Foreign-key pairs from `from`'s tables to `to`'s tables, for a relationship between two mappers
 * (a joined subclass's tables included; the foreign keys that link a subclass table to its
 * parent's are inheritance, not relationships, and are left out).
 */
export function hierarchyPairs(from: Mapper, to: Mapper, filter: Set<string> | null): ColumnPair[] {
  if (from.tables.length === 1 && to.tables.length === 1) return fkPairs(from.table, to.table, filter);
  const inherited = new Set<unknown>();
  for (const m of [from, to]) for (let x: Mapper | null = m; x; x = x.inherits) for (const p of inheritPairs.get(x) ?? []) inherited.add(p.fk);
  const out: ColumnPair[] = [];
  for (const a of from.tables) for (const b of to.tables) out.push(...fkPairs(a, b, filter).filter((p) => !inherited.has(p.fk)));
  return out;
}

/**
 * Resolves and checks `mapperArgs.withPolymorphic` of `m` (at configure): the subclasses named
 * must be registered subclasses of `m`, and they may not mix joined-table and concrete-table
 * subclasses (one statement cannot both join and union them; the loader option refuses the same).
 */
export function resolvePolymorphicDefault(m: Mapper, registered: ReadonlyMap<string, Mapper>): void {
  const arg = m.args.withPolymorphic;
  const what = `${m.className}: mapperArgs.withPolymorphic`;
  let wanted: Mapper[];
  if (arg === "*") wanted = descendants(m);
  else if (Array.isArray(arg) && arg.length > 0) {
    wanted = (arg as readonly unknown[]).map((x) => {
      const hit =
        typeof x === "string"
          ? registered.get(x)
          : typeof x === "function"
            ? [...registered.values()].find((r) => r.cls === x)
            : undefined;
      if (!hit) {
        const name = typeof x === "string" ? q(x) : typeof x === "function" ? `class ${(x as { name?: string }).name || "(anonymous)"}` : String(x);
        throw new ArgumentError(`${what} names ${name}, which is no class registered with this declarative base (registered: ${[...registered.keys()].join(", ")}); name subclasses of ${m.className} by class name, or give "*"`);
      }
      if (hit === m || !hit.isa(m)) throw new ArgumentError(`${what} names ${hit.className}, which is not a subclass of ${m.className}; name its subclasses (${descendants(m).map((d) => d.className).join(", ") || "it has none"}) or give "*"`);
      return hit;
    });
  } else {
    throw new ArgumentError(`${what} takes "*" (every subclass) or a non-empty array of subclass names (["Engineer", "Manager"]); got ${JSON.stringify(arg)}`);
  }
  const concrete = wanted.filter((w) => viaConcrete(w, m));
  const joined = wanted.filter((w) => !viaConcrete(w, m) && w.inheritance === "joined");
  if (concrete.length && joined.length) {
    throw new ArgumentError(
      `${what} covers both joined-table (${joined.map((x) => x.className).join(", ")}) and concrete-table (${concrete.map((x) => x.className).join(", ")}) subclasses, which one statement cannot load; name one kind, and load the other with the query option withPolymorphic([...])`,
    );
  }
  m.polymorphicDefault = arg === "*" ? "*" : wanted;
}

/** Is `sub` below `m` through a concrete-table link (its rows in a table of its own)? */
export function viaConcrete(sub: Mapper, m: Mapper): boolean {
  for (let x: Mapper | null = sub; x && x !== m; x = x.inherits) if (x.inheritance === "concrete") return true;
  return false;
}

/** The `mapperArgs.withPolymorphic` that applies to selects of `m`: its own, else its nearest parent's. */
export function polymorphicDefaultOf(m: Mapper): readonly Mapper[] | "*" | null {
  for (let x: Mapper | null = m; x; x = x.inherits) if (x.polymorphicDefault !== null) return x.polymorphicDefault;
  return null;
}

/** Every mapper below `m` (depth first), not `m` itself. */
export function descendants(m: Mapper): Mapper[] {
  const out: Mapper[] = [];
  for (const s of m.subMappers) out.push(s, ...descendants(s));
  return out;
}

/** The discriminator values of `m` and its subclasses (within its identity space). */
export function identitiesOf(m: Mapper): unknown[] {
  return [m, ...descendants(m)].filter((x) => x.base === m.base && x.polymorphicIdentity !== undefined).map((x) => x.polymorphicIdentity);
}

/** Per single-table mapper: its criterion on its own table, and the size of the hierarchy's identity map it was built for. */
const criteriaMemo = new WeakMap<Mapper, { size: number; expr: ColumnElement<unknown> }>();

/**
 * The WHERE a single-table subclass adds to a select of it: `type IN ('manager', ...)` (the
 * identities of it and its subclasses, as bound parameters); null for other mappers. On the
 * mapper's own table it is one object per mapper (rebuilt when a class joins the hierarchy), so a
 * select of `Manager` and of several `Manager` columns adds it once (select() drops repeats).
 */
export function polymorphicCriteria(m: Mapper, from?: FromClause): ColumnElement<unknown> | null {
  if (m.inheritance !== "single" || !m.polymorphicOn) return null;
  if (from) return adapt(from, m.polymorphicOn).in(identitiesOf(m) as never[]) as ColumnElement<unknown>;
  const hit = criteriaMemo.get(m);
  if (hit !== undefined && hit.size === m.polymorphicMap.size) return hit.expr;
  const expr = m.polymorphicOn.in(identitiesOf(m) as never[]) as ColumnElement<unknown>;
  criteriaMemo.set(m, { size: m.polymorphicMap.size, expr });
  return expr;
}

/**
 * The mapper of a row loaded as `m`: the discriminator's value names it. Unknown values are an
 * error naming the value and the registered ones.
 */
export function mapperForIdentity(m: Mapper, value: unknown): Mapper {
  if (value === null || value === undefined) return m;
  const hit = m.polymorphicMap.get(value) ?? (typeof value === "string" && /^-?\d+$/.test(value) ? m.polymorphicMap.get(Number(value)) : undefined);
  if (!hit) {
    const known = [...m.polymorphicMap.keys()].map((k) => q(k)).join(", ");
    throw new ArgumentError(
      `a row of ${m.base.className} has ${m.base.className}.${m.polymorphicOn!.key} = ${q(value)}, which is no registered class's polymorphicIdentity (known: ${known}); ` +
        `if a subclass declares it, add \`static { Base.register(this); }\` to its body`,
    );
  }
  if (!hit.isa(m)) {
    throw new ArgumentError(`a row loaded as ${m.className} has ${m.polymorphicOn!.key} = ${q(value)}, the identity of ${hit.className}, which is not a ${m.className}`);
  }
  return hit;
}
