/**
 * Shared parts of INSERT, UPDATE and DELETE: the target table, RETURNING and value coercion.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { ClauseElement, type KeyBuilder } from "../elements/clause.js";
import { BindParameter, ColumnElement, coerceExpression } from "../elements/elements.js";
import type { TextClause } from "../elements/text.js";
import { resultColumnNames } from "../selectable/result-names.js";
import { FromClause } from "../selectable/from-clause.js";
import { asFrom, isSelectableEntity, type SelectableEntity } from "../selectable/entity.js";
import type { ColumnImpl } from "../schema/column.js";
import type { TableImpl } from "../schema/table.js";
import type { TypeEngine } from "../types/type-engine.js";

type AnyTable = TableImpl<string, Record<string, ColumnImpl<string, any>>>;

/** Values for a table's columns, typed by key: `{ name: "x" }` or expressions. */
export type ValuesOf<Tb> = Tb extends TableImpl<string, infer C>
  ? { [K in keyof C]?: C[K] extends ColumnImpl<string, infer T> ? T | ColumnElement<T> | ColumnElement<unknown> : never }
  : Record<string, unknown>;

/**
 * An entity class seen as a table: its column attributes by key (`update(User).values({ loginCount })`
 * is typed by the model's attributes).
 */
export type EntityTable<E> = TableImpl<
  string,
  { [K in keyof E as E[K] extends ColumnImpl<string, any> ? K & string : never]: E[K] extends ColumnImpl<string, any> ? E[K] : never }
>;

/** What `insert/update/delete_` take: a Table, or an entity (a mapped class: ORM-enabled DML). */
export type DMLTarget = AnyTable | SelectableEntity<any>;

/** Options carried by a statement for the executor (`{ synchronizeSession: "fetch" }` for the ORM). */
export type StatementExecutionOptions = Readonly<Record<string, unknown>>;

export abstract class DMLBase<Row extends unknown[] = unknown[]> extends ClauseElement {
  declare readonly __row: Row;
  abstract override readonly kind: "insert" | "update" | "delete";
  _returning: readonly ColumnElement<unknown>[] = [];
  declare readonly table: AnyTable;
  /** The entity the statement was built from (`update(User)`), or null for a Core table. */
  declare readonly _entity: SelectableEntity<any> | null;
  /** Options for the executor (not part of the SQL or its cache key). */
  _executionOptions: StatementExecutionOptions = {};

  constructor(target: DMLTarget) {
    super();
    const entity = isSelectableEntity(target) ? target : null;
    const table = entity ? (entity.__selectEntity__() as unknown as AnyTable) : (target as AnyTable);
    if (!table || table.kind !== "table") {
      throw new ArgumentError(
        entity
          ? "the target of insert/update/delete must be a mapped class or a Table, not an aliased entity; use the model class itself " +
              "(a joined-inheritance subclass spans several tables: change its objects through the Session, or write each Table)"
          : "the target of insert/update/delete must be a Table or a mapped class",
      );
    }
    this.table = table;
    this._entity = entity;
  }

  /**
   * Options for whoever executes the statement, merged with earlier ones (SQLAlchemy's
   * `execution_options()`): the Session reads `synchronizeSession`; Core ignores them.
   */
  executionOptions(options: StatementExecutionOptions): this {
    if (!options || typeof options !== "object" || Array.isArray(options)) throw new ArgumentError("executionOptions() takes an object of options");
    return this._generate({ _executionOptions: { ...this._executionOptions, ...options } });
  }

  /** Columns returned by the statement (RETURNING / OUTPUT), as in a select list. */
  protected _addReturning(items: readonly (ColumnElement<unknown> | FromClause | SelectableEntity<any>)[]): readonly ColumnElement<unknown>[] {
    const cols: ColumnElement<unknown>[] = [...this._returning];
    for (const item of items) {
      const i = asFrom(item);
      if (i instanceof FromClause) cols.push(...i.columns);
      else cols.push(coerceExpression(i, "returning()"));
    }
    return cols;
  }

  _exportedColumns(): { name: string; type: TypeEngine }[] {
    const names = resultColumnNames(this._returning);
    return this._returning.map((c, i) => ({ name: names[i]!, type: c.type }));
  }

  /** A column of the target table by key, with a clear error for unknown keys. */
  protected _column(key: string, what: string): ColumnImpl<string, unknown> {
    const col = (this.table.c as Record<string, ColumnImpl<string, unknown>>)[key];
    if (!col || !Object.hasOwn(this.table.c, key)) {
      const known = this.table.columns.map((c) => c.key).join(", ");
      throw new ArgumentError(`${what}: table ${this.table.name} has no column ${JSON.stringify(key)} (columns: ${known})`);
    }
    return col;
  }

  /** Coerces a value for a column: expressions stay, values become typed bind parameters. */
  protected _value(col: ColumnImpl<string, unknown>, value: unknown): ColumnElement<unknown> {
    if (value instanceof ColumnElement) return value;
    if (value instanceof ClauseElement) throw new ArgumentError(`value for ${col.name}: a ${value.kind} is not a value; use .scalarSubquery()`);
    try {
      return new BindParameter(value === undefined ? null : value, col.type);
    } catch (e) {
      throw new ArgumentError(`value for column ${this.table.name}.${col.name}: ${(e as Error).message}`);
    }
  }

  protected _ckReturning(b: KeyBuilder): void {
    if (this._returning.length) {
      b.key += " RET";
      for (const r of this._returning) r._ck(b);
    }
  }
}

/** Evaluates a client-side column default (value, function or expression). */
export function evaluateDefault(value: unknown): unknown {
  return typeof value === "function" ? (value as () => unknown)() : value;
}

export type WhereArg = ColumnElement<boolean> | ColumnElement<boolean | null> | ColumnElement<unknown> | TextClause;
