/**
 * `update(table).where(...).values({...})`, with RETURNING and UPDATE ... FROM (the other tables the
 * WHERE or SET refer to), rendered per dialect.
 * @module
 */
import { ArgumentError, CompileError } from "../../errors.js";
import type { KeyBuilder } from "../elements/clause.js";
import { ColumnElement, and, coerceExpression } from "../elements/elements.js";
import type { FromClause } from "../selectable/from-clause.js";
import type { RowOf, SelectItem } from "../selectable/select.js";
import type { ColumnImpl } from "../schema/column.js";
import type { TableImpl } from "../schema/table.js";
import type { SelectableEntity } from "../selectable/entity.js";
import { collectFroms } from "../traversal.js";
import type { VisitorCompiler } from "../visitors.js";
import { DMLBase, type EntityTable, evaluateDefault, type ValuesOf, type WhereArg } from "./dml-base.js";

export class Update<Tb extends TableImpl<string, any> = TableImpl, Row extends unknown[] = []> extends DMLBase<Row> {
  readonly kind = "update" as const;
  _set: readonly (readonly [ColumnImpl<string, unknown>, ColumnElement<unknown>])[] = [];
  _where: readonly ColumnElement<unknown>[] = [];
  /** Apply client-side `onupdate` defaults for columns not set (default true). */
  _applyOnupdate = true;

  constructor(table: Tb | SelectableEntity<any>) {
    super(table as never);
    // an ORM single-table subclass touches only its own rows (`type IN (...)`), as select(Entity) reads only them
    const criteria = this._entity?.__entityCriteria__?.();
    if (criteria) this._where = [criteria];
  }

  /** Columns to set: values (bound with the column's type) or expressions (`User.loginCount.plus(1)`). */
  values(values: ValuesOf<Tb>): this {
    if (!values || typeof values !== "object" || Array.isArray(values)) throw new ArgumentError("update().values() takes an object of column values");
    const set = [...this._set.filter(([c]) => !Object.hasOwn(values, c.key))];
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
      if (v === undefined) continue;
      const col = this._column(k, "update().values()");
      set.push([col, this._value(col, v)] as const);
    }
    return this._generate({ _set: set });
  }

  where(...clauses: WhereArg[]): this {
    return this._generate({ _where: [...this._where, ...clauses.map((c) => coerceExpression(c, "where()"))] });
  }

  returning<Items extends SelectItem[]>(...items: Items): Update<Tb, RowOf<Items>> {
    return this._generate({ _returning: this._addReturning(items) }) as unknown as Update<Tb, RowOf<Items>>;
  }

  /** The SET list including `onupdate` defaults of columns not given. */
  get effectiveSet(): readonly (readonly [ColumnImpl<string, unknown>, ColumnElement<unknown>])[] {
    const memo = (this as unknown as { _setMemo?: readonly (readonly [ColumnImpl<string, unknown>, ColumnElement<unknown>])[] })._setMemo;
    if (memo) return memo;
    const set = [...this._set];
    if (this._applyOnupdate) {
      for (const c of this.table.columns) {
        if (c.onupdate !== undefined && !set.some(([s]) => s === c)) set.push([c, this._value(c, evaluateDefault(c.onupdate))] as const);
      }
    }
    Object.defineProperty(this, "_setMemo", { value: set, enumerable: false });
    return set;
  }

  /** Tables other than the target that SET or WHERE refer to (UPDATE ... FROM). */
  get extraFroms(): FromClause[] {
    const froms: FromClause[] = [];
    for (const w of this._where) collectFroms(w, froms);
    for (const [, v] of this._set) collectFroms(v, froms);
    return froms.filter((f) => f !== (this.table as unknown as FromClause));
  }

  get whereClause(): ColumnElement<unknown> | null {
    return this._where.length === 0 ? null : this._where.length === 1 ? this._where[0]! : and(...this._where);
  }

  /** `UPDATE t SET ... [FROM x] WHERE ... [RETURNING ...]` (PostgreSQL, SQLite), or the dialect's hook. */
  _compile(c: UpdateCompiler): string {
    const extra = this.extraFroms;
    const effective = this.effectiveSet;
    if (effective.length === 0) throw new CompileError(`update(${this.table.name}): no values to set; call .values({...})`);
    c.beginDML(this, extra);
    const set = (qualified: boolean): string =>
      effective.map(([col, v]) => `${qualified ? c.visitColumn(col) : c.quote(col.name)} = ${c.process(v)}`).join(", ");
    const own = c.renderUpdate?.(this, extra, set);
    if (own !== undefined) return own;
    let sql = `UPDATE ${c.tableName(this.table)} SET ${set(false)}`;
    if (extra.length) {
      if (!c.dialect.supportsUpdateFrom) throw new CompileError(`${c.dialect.name} has no UPDATE ... FROM; use a correlated subquery`);
      sql += ` FROM ${extra.map((f) => c.process(f)).join(", ")}`;
    }
    const where = this.whereClause;
    if (where) sql += ` WHERE ${c.predicate(where)}`;
    return sql + c.renderReturning(this);
  }

  _ck(b: KeyBuilder): void {
    b.key += "(UPD ";
    this.table._ck(b);
    for (const [c, v] of this.effectiveSet) {
      c._ck(b);
      v._ck(b);
    }
    if (this._where.length) {
      b.key += " W";
      for (const w of this._where) w._ck(b);
    }
    this._ckReturning(b);
    b.key += ")";
  }
}

export function update<Tb extends TableImpl<string, any>>(table: Tb): Update<Tb>;
/** ORM-enabled: `update(User)` targets the model's table; values and `returning(User)` use its attributes. */
export function update<E extends SelectableEntity<any>>(entity: E): Update<EntityTable<E>>;
export function update(table: TableImpl<string, any> | SelectableEntity<any>): Update<any> {
  return new Update(table);
}

/** A dialect's own UPDATE syntax (MySQL multi-table, MSSQL OUTPUT/FROM); `undefined`: the default. */
export interface UpdateCompiler extends VisitorCompiler {
  renderUpdate?(u: Update<any, any>, extra: readonly FromClause[], set: (qualified: boolean) => string): string | undefined;
}
