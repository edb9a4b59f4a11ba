/**
 * `Table`: a named table in a MetaData, with typed columns (`users.c.name`), constraints and indexes.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { newObjectId, type KeyBuilder } from "../elements/clause.js";
import type { ColumnElement } from "../elements/elements.js";
import { Alias, FromClause } from "../selectable/from-clause.js";
import { ColumnImpl } from "./column.js";
import {
  CheckConstraintImpl,
  ForeignKeyConstraintImpl,
  IndexImpl,
  PrimaryKeyConstraintImpl,
  UniqueConstraintImpl,
  type Constraint,
} from "./constraints.js";
import type { MetaDataLike } from "./metadata-like.js";
import type { TableLike } from "./table-like.js";

export interface TableOptions {
  schema?: string;
  comment?: string;
  /** Replace an existing table of the same name in the MetaData instead of failing. */
  extendExisting?: boolean;
}

export type TableItem = ColumnImpl<string, any> | Constraint | IndexImpl | TableOptions;

type AnyColumn = ColumnImpl<string, any>;
/** Columns of a table by key, typed: `{ id: Column<"id", number>, ... }`. */
export type ColumnsOf<Items extends readonly unknown[]> = {
  [C in Extract<Items[number], AnyColumn> as C extends ColumnImpl<infer K, any> ? K : never]: C;
};

export interface MetaDataRegistrar extends MetaDataLike {
  _addTable(table: TableImpl): void;
}

export class TableImpl<N extends string = string, C extends Record<string, AnyColumn> = Record<string, AnyColumn>>
  extends FromClause
  implements TableLike
{
  readonly kind = "table" as const;
  readonly id = newObjectId();
  declare readonly name: N;
  declare readonly schema: string | null;
  declare readonly comment: string | undefined;
  declare readonly metadata: MetaDataRegistrar | null;
  readonly columns: AnyColumn[] = [];
  readonly constraints: Constraint[] = [];
  readonly indexes: IndexImpl[] = [];
  override get c(): C {
    return super.c as C;
  }

  constructor(name: N, metadata: MetaDataRegistrar | null, ...items: TableItem[]) {
    super();
    if (typeof name !== "string" || name.length === 0) throw new ArgumentError("Table(): the name must be a non-empty string");
    this.name = name;
    let options: TableOptions = {};
    for (const item of items) {
      if (item instanceof ColumnImpl) this.appendColumn(item);
      else if (
        item instanceof PrimaryKeyConstraintImpl ||
        item instanceof UniqueConstraintImpl ||
        item instanceof CheckConstraintImpl ||
        item instanceof ForeignKeyConstraintImpl
      ) this.appendConstraint(item);
      else if (item instanceof IndexImpl) this.appendIndex(item);
      else if (item && typeof item === "object" && !("kind" in item)) options = item as TableOptions;
      else throw new ArgumentError(`Table(${JSON.stringify(name)}): unexpected item ${String(item)}; pass Column, constraints, Index or an options object`);
    }
    this.schema = options.schema ?? metadata?.schema ?? null;
    this.comment = options.comment;
    this.metadata = metadata;
    metadata?._addTable(this as unknown as TableImpl);
  }

  get fullname(): string {
    return this.schema ? `${this.schema}.${this.name}` : this.name;
  }

  /** Columns with `primaryKey: true`, or those of a PrimaryKeyConstraint. */
  get primaryKeyColumns(): AnyColumn[] {
    const pk = this.constraints.find((c): c is PrimaryKeyConstraintImpl => c instanceof PrimaryKeyConstraintImpl);
    if (pk) return pk.columns;
    return this.columns.filter((c) => c.primaryKey);
  }

  /**
   * Every index to create with the table: the declared `Index(...)` items, then one per column
   * with `index: true`, named `ix_<table>_<column>` as SQLAlchemy does (`unique: true` too makes
   * it a UNIQUE index instead of a UNIQUE constraint).
   */
  get allIndexes(): IndexImpl[] {
    const out = [...this.indexes];
    for (const c of this.columns) {
      if (!c.index) continue;
      const idx = new IndexImpl(`ix_${this.name}_${c.name}`, [c], { unique: c.unique });
      idx._attach(this);
      out.push(idx);
    }
    return out;
  }

  get foreignKeys() {
    return this.columns.flatMap((c) => c.foreignKeys);
  }

  column(name: string): AnyColumn | undefined {
    return this.columns.find((c) => c.name === name) ?? (this.c as Record<string, AnyColumn>)[name];
  }

  appendColumn(column: AnyColumn): void {
    if (column.table && column.table !== this) {
      throw new ArgumentError(`Column ${JSON.stringify(column.name)} already belongs to table ${column.table.name}; use column.copy()`);
    }
    if (this.columns.some((c) => c.name === column.name)) {
      throw new ArgumentError(`Table ${JSON.stringify(this.name)} already has a column named ${JSON.stringify(column.name)}`);
    }
    column.table = this;
    this.columns.push(column);
    (this as unknown as { _cIndex: undefined })._cIndex = undefined;
  }

  appendConstraint(constraint: Constraint): void {
    constraint._attach(this);
    if (constraint instanceof PrimaryKeyConstraintImpl) {
      for (const c of constraint.columns) {
        c.primaryKey = true;
        if (!c.nullableExplicit) c.nullable = false;
      }
    }
    this.constraints.push(constraint);
  }

  appendIndex(index: IndexImpl): void {
    index._attach(this);
    this.indexes.push(index);
  }

  /** `table AS name`; without a name an anonymous alias (`anon_1` when compiled). */
  alias(name?: string): Alias & { c: { [K in keyof C]: ColumnElement<C[K]["__value"]> & { key: K } } } {
    return new Alias(this, name ?? null) as Alias & { c: { [K in keyof C]: ColumnElement<C[K]["__value"]> & { key: K } } };
  }

  _ck(b: KeyBuilder): void {
    b.key += "T" + this.id;
  }

  override toString(): string {
    return this.fullname;
  }
}

export type Table<N extends string = string, C extends Record<string, AnyColumn> = Record<string, AnyColumn>> = TableImpl<N, C>;

export interface TableConstructor {
  new <const N extends string, const Items extends readonly TableItem[]>(name: N, metadata: MetaDataRegistrar | null, ...items: Items): TableImpl<N, ColumnsOf<Items>>;
  readonly prototype: TableImpl;
}

/** `new Table("users", metadata, new Column("id", Integer, { primaryKey: true }), ...)`. */
export const Table = TableImpl as unknown as TableConstructor;
