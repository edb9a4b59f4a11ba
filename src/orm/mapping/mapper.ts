/**
 * `Mapper`: what the ORM knows about one registered class: its table, the column attributes and
 * primary key, the relationships (resolved on configure) and the mapper events.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { Listeners } from "../../event.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { ForeignKeyConstraintImpl } from "../../sql/schema/constraints.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ColumnAttribute } from "./column-attribute.js";
import { RelationshipAttribute, type Cascade, type ColumnPair, type Direction, type RelationshipProp } from "./relationship.js";
import type { Registry } from "./registry.js";
import { resolvePrimaryJoin, resolveSecondaryJoins } from "./primaryjoin.js";
import { hierarchyPairs, polymorphicCriteria, setupInheritance, type InheritanceKind } from "./inheritance.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";

/** Mapper events: `event.listen(User, "beforeInsert", (mapper, connection, target) => ...)`. */
export type MapperEventMap = {
  beforeInsert: (mapper: Mapper, connection: unknown, target: any) => unknown;
  afterInsert: (mapper: Mapper, connection: unknown, target: any) => unknown;
  beforeUpdate: (mapper: Mapper, connection: unknown, target: any) => unknown;
  afterUpdate: (mapper: Mapper, connection: unknown, target: any) => unknown;
  beforeDelete: (mapper: Mapper, connection: unknown, target: any) => unknown;
  afterDelete: (mapper: Mapper, connection: unknown, target: any) => unknown;
};
export const MAPPER_EVENTS = ["beforeInsert", "afterInsert", "beforeUpdate", "afterUpdate", "beforeDelete", "afterDelete"] as const;

/** Mapper options given as `Base.model(..., { mapperArgs })`. */
export interface MapperArgs {
  /** Attribute name of an integer column used for optimistic concurrency (`StaleDataError` on mismatch). */
  versionIdCol?: string;
  /** Inheritance: the attribute (on the base class) whose value names each row's class. */
  polymorphicOn?: string;
  /** Inheritance: this class's value of the `polymorphicOn` column (set automatically on new objects). */
  polymorphicIdentity?: string | number;
  /**
   * Inheritance: load this class polymorphically by default (SQLAlchemy's `with_polymorphic`
   * mapper argument / `ConcreteBase`): `"*"` (every subclass) or the subclasses, by class name
   * (or class), whose tables every ORM select of this class (and of its subclasses) joins, or
   * unions for concrete-table subclasses, as if it had `.options(withPolymorphic(...))`. A query's
   * own `withPolymorphic` option wins. Checked when the registry configures.
   */
  withPolymorphic?: "*" | readonly (string | (abstract new (...args: any[]) => object))[];
}

let nextMapperId = 1;

export class Mapper {
  readonly id = nextMapperId++;
  readonly columns: ColumnAttribute<unknown>[];
  readonly columnByKey = new Map<string, ColumnAttribute<unknown>>();
  readonly pk: ColumnAttribute<unknown>[];
  readonly relationships = new Map<string, RelationshipAttribute>();
  readonly versionCol: ColumnAttribute<unknown> | null;
  readonly events = new Listeners<MapperEventMap>("Mapper", MAPPER_EVENTS);
  configured = false;
  // ---- inheritance (see inheritance.ts); a plain mapper is its own base with one table ----
  /** The mapper this one inherits from, and how (`joined`, `single`, `concrete`). */
  inherits: Mapper | null = null;
  inheritance: InheritanceKind | null = null;
  /** The identity root: the hierarchy's base mapper (joined/single), or this mapper (plain, concrete). */
  base: Mapper = this;
  /** The tables one object's row lives in, base table first (joined inheritance: several). */
  tables: TableImpl[];
  /** Per table, the columns of it this mapper writes. */
  tableColumns: Map<TableImpl, ColumnAttribute<unknown>[]>;
  /** What `select(Model)` selects from (the table, or the join of the tables). */
  selectable: FromClause;
  /** The discriminator column (shared by the hierarchy) and this class's value of it. */
  polymorphicOn: ColumnAttribute<unknown> | null = null;
  polymorphicIdentity: unknown = undefined;
  /** Discriminator value → mapper, shared by the whole hierarchy. */
  polymorphicMap: Map<unknown, Mapper> = new Map();
  /** Direct subclasses' mappers, in registration order. */
  readonly subMappers: Mapper[] = [];
  /** `mapperArgs.withPolymorphic` resolved to mappers (set when the registry configures; see inheritance.ts). */
  polymorphicDefault: readonly Mapper[] | "*" | null = null;

  constructor(
    readonly cls: abstract new (...args: any[]) => object,
    readonly className: string,
    readonly table: TableImpl,
    columns: Readonly<Record<string, ColumnAttribute<unknown>>>,
    relationships: Readonly<Record<string, RelationshipProp<unknown>>>,
    readonly registry: Registry,
    readonly args: MapperArgs = {},
    inherit: { parent: Mapper; kind: InheritanceKind } | null = null,
  ) {
    this.tables = [table];
    this.selectable = table;
    this.tableColumns = new Map([[table, Object.values(columns)]]);
    if (inherit && inherit.kind !== "concrete") {
      // parent's attributes first; a key declared again (the joined subclass's `id`) keeps the parent's column
      this.columns = [...inherit.parent.columns];
      for (const c of this.columns) this.columnByKey.set(c.key, c);
      for (const [k, c] of Object.entries(columns)) {
        if (!this.columnByKey.has(k)) {
          this.columns.push(c);
          this.columnByKey.set(k, c);
        }
      }
      this.pk = inherit.parent.pk;
      for (const [k, r] of inherit.parent.relationships) this.relationships.set(k, r);
    } else {
      this.columns = Object.values(columns);
      for (const [k, c] of Object.entries(columns)) this.columnByKey.set(k, c);
      this.pk = table.primaryKeyColumns.map((c) => c as ColumnAttribute<unknown>);
    }
    if (this.pk.length === 0) throw new ArgumentError(`${className}: table ${table.name} has no primary key; mark a column with primaryKey: true`);
    for (const [k, p] of Object.entries(relationships)) this.relationships.set(k, new RelationshipAttribute(this, k, p));
    const v = args.versionIdCol;
    this.versionCol = v === undefined ? null : (this.columnByKey.get(v) ?? null);
    if (v !== undefined && !this.versionCol) throw new ArgumentError(`${className}: versionIdCol ${JSON.stringify(v)} is not a column attribute`);
    setupInheritance(this, inherit);
  }

  /**
   * The relationships with cascade `kind`, or of direction `kind`, as an array (walked once per
   * object by add and flush). Memoised once the registry is configured (directions are known from
   * then on); recomputed if relationships were added.
   */
  relationshipsBy(kind: Cascade | Direction): readonly RelationshipAttribute[] {
    let c = this._relationshipsBy.get(kind);
    if (c === undefined || c.size !== this.relationships.size) {
      c = { size: this.relationships.size, list: [...this.relationships.values()].filter((r) => r.direction === kind || r.cascade.has(kind as Cascade)) };
      if (this.configured) this._relationshipsBy.set(kind, c);
    }
    return c.list;
  }
  private readonly _relationshipsBy = new Map<Cascade | Direction, { size: number; list: RelationshipAttribute[] }>();

  /**
   * Per column of {@link columns}: does the database generate its value when an INSERT gives none
   * (the autoincrement key, a server default)? Read for every new object of a flush, so memoised
   * once configured (`isAutoincrement` looks at the table's key on every call).
   */
  dbGenerated(): readonly boolean[] {
    let g = this._dbGenerated;
    if (g === null || g.length !== this.columns.length) {
      g = this.columns.map((c) => c.isAutoincrement || c.serverDefault !== undefined);
      if (this.configured) this._dbGenerated = g;
    }
    return g;
  }
  private _dbGenerated: boolean[] | null = null;

  /** Is this mapper `other` or one of its subclasses? */
  isa(other: Mapper): boolean {
    for (let m: Mapper | null = this; m; m = m.inherits) if (m === other) return true;
    return false;
  }

  /**
   * The criterion every select of this class or of its column attributes carries: for a
   * single-table subclass `type IN (...)` (one object until the hierarchy changes), else null.
   */
  selectCriteria(): ColumnElement<unknown> | null {
    return this.inheritance === "single" ? polymorphicCriteria(this) : null;
  }

  /** Resolves relationships (all mappers of the registry at once). */
  ensureConfigured(): void {
    if (!this.configured) this.registry.configure();
  }

  /** The attribute key of a table column of this mapper. */
  attrKeyOf(col: ColumnImpl<string, unknown>): string {
    return col.key;
  }


  /**
   * A new instance of the mapped class without running its constructor (loading, merge): what
   * `Object.create(cls.prototype)` makes, but built by a constructor, so that V8 gives the object
   * room for its state field in the object itself (an `Object.create` object has none, and adding
   * the field allocates a separate property store: several times slower per loaded row).
   */
  blankInstance(): object {
    let B = this._blank;
    if (B === null) {
      B = function () {} as unknown as new () => object;
      B.prototype = (this.cls as Function).prototype as object;
      this._blank = B;
    }
    return new B();
  }
  private _blank: (new () => object) | null = null;

  /** @internal resolves one relationship against the registry. */
  _resolve(rel: RelationshipAttribute): void {
    const opts = rel.options;
    const target = this.registry.mappers.get(rel.prop.target);
    if (!target) {
      throw new ArgumentError(
        `relationship ${rel}: no registered class named ${JSON.stringify(rel.prop.target)}; ` +
          `declare it with Base.model(...) and add \`static { Base.register(this); }\` to its body`,
      );
    }
    rel.target = target;
    const filter = opts.foreignKeys ? new Set(opts.foreignKeys) : null;
    if (opts.secondary) {
      if (target === this && !(opts.primaryjoin && opts.secondaryjoin)) {
        throw new ArgumentError(
          `relationship ${rel}: a self-referential many-to-many needs primaryjoin and secondaryjoin to tell the association table's two foreign keys apart, ` +
            `e.g. primaryjoin: (node, link) => link.leftId.eq(node.id), secondaryjoin: (link, node) => link.rightId.eq(node.id)`,
        );
      }
      rel.direction = "manyToMany";
      const secondary = opts.secondary;
      if (opts.primaryjoin || opts.secondaryjoin) {
        const pj = resolveSecondaryJoins(rel, this.table, secondary, target.table, (to) => fkPairs(secondary, to, filter));
        rel.primaryJoin = pj;
        rel.secondaryPairs = pj.secondaryPairs;
        rel.targetSecondaryPairs = pj.targetSecondaryPairs;
      } else {
        rel.secondaryPairs = fkPairs(secondary, this.table, filter);
        rel.targetSecondaryPairs = fkPairs(secondary, target.table, filter);
      }
      if (!rel.secondaryPairs.length || !rel.targetSecondaryPairs.length) {
        throw new ArgumentError(`relationship ${rel}: the secondary table ${opts.secondary.name} needs a foreign key to ${this.table.name} and one to ${target.table.name}`);
      }
    } else if (opts.primaryjoin) {
      const pj = resolvePrimaryJoin(rel, this.table, target.table);
      rel.primaryJoin = pj;
      rel.direction = pj.direction;
      rel.pairs = pj.pairs;
    } else if (target === this) {
      rel.pairs = fkPairs(this.table, this.table, filter);
      if (!rel.pairs.length) throw new ArgumentError(`relationship ${rel}: table ${this.table.name} has no foreign key to itself`);
      if (opts.remoteSide) {
        for (const name of opts.remoteSide) {
          if (!rel.pairs.some((p) => p.referenced.key === name || p.referenced.name === name)) {
            throw new ArgumentError(`relationship ${rel}: remoteSide ${JSON.stringify(name)} is not the referenced column of a self-referential foreign key`);
          }
        }
        rel.direction = "manyToOne";
      } else rel.direction = "oneToMany";
    } else {
      const m2o = hierarchyPairs(this, target, filter);
      const o2m = hierarchyPairs(target, this, filter);
      if (m2o.length && o2m.length) {
        throw ambiguous(rel, [...m2o, ...o2m]);
      }
      if (!m2o.length && !o2m.length) {
        throw new ArgumentError(
          `relationship ${rel}: no foreign key links ${this.table.name} and ${target.table.name}` +
            (filter ? ` through ${[...filter].join(", ")}` : "") +
            `; add foreignKey: "<table>.<column>" to the column, or secondary: for many-to-many`,
        );
      }
      rel.direction = m2o.length ? "manyToOne" : "oneToMany";
      rel.pairs = m2o.length ? m2o : o2m;
    }
    if (rel.direction !== "manyToMany") {
      const referencedTables = new Set(rel.pairs.map((p) => p.referenced));
      if (referencedTables.size !== rel.pairs.length) throw ambiguous(rel, rel.pairs);
    }
    rel.uselist = opts.uselist ?? rel.direction !== "manyToOne";
    if (opts.backPopulates) {
      const reverse = target.relationships.get(opts.backPopulates);
      if (!reverse) throw new ArgumentError(`relationship ${rel}: backPopulates ${JSON.stringify(opts.backPopulates)} is not a relationship of ${target.className}`);
      if (reverse.prop.target !== this.className) {
        throw new ArgumentError(`relationship ${rel}: backPopulates names ${reverse}, which targets ${reverse.prop.target}, not ${this.className}`);
      }
      rel.reverse = reverse;
    }
  }
}

/** The error of a relationship that several foreign keys could implement, naming them and the fix. */
function ambiguous(rel: RelationshipAttribute, pairs: readonly ColumnPair[]): ArgumentError {
  const names = pairs.map((p) => `${p.fk.table?.name}.${p.fk.name} → ${p.referenced.table?.name}.${p.referenced.name}`);
  const keys = pairs.map((p) => JSON.stringify(p.fk.key));
  return new ArgumentError(
    `relationship ${rel}: several foreign keys could be used (${names.join(", ")}); ` +
      `give foreignKeys: [${keys[0]}] (one of ${keys.join(", ")}) or a primaryjoin to pick one`,
  );
}

/** Foreign-key column pairs from `from` to `to` (column-level and table-level constraints). */
export function fkPairs(from: TableImpl, to: TableImpl, filter: Set<string> | null): ColumnPair[] {
  const out: ColumnPair[] = [];
  const allowed = (c: ColumnImpl<string, unknown>) => !filter || filter.has(c.key) || filter.has(c.name);
  for (const c of from.columns) {
    if (!allowed(c)) continue;
    for (const fk of c.foreignKeys) {
      const ref = fk.resolveColumn(false);
      if (ref && ref.table === to) out.push({ fk: c, referenced: ref });
    }
  }
  for (const k of from.constraints) {
    if (k.constraintKind !== "foreignKey") continue;
    const fkc = k as ForeignKeyConstraintImpl;
    const tname = fkc.referredTable;
    if (tname !== to.fullname && tname !== to.name) continue;
    fkc.columns.forEach((c, i) => {
      const ref = to.column(fkc.referredColumnNames[i]!);
      if (ref && allowed(c)) out.push({ fk: c, referenced: ref });
    });
  }
  return out;
}

