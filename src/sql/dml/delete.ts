/**
 * `delete_(table).where(...)` (alias `deleteFrom`), with RETURNING and multi-table DELETE where the
 * dialect has it.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { KeyBuilder } from "../elements/clause.js";
import { ColumnElement, and, coerceExpression } from "../elements/elements.js";
import type { FromClause } from "../selectable/from-clause.js";
import type { RowOf, SelectItem } from "../selectable/select.js";
import type { TableImpl } from "../schema/table.js";
import type { SelectableEntity } from "../selectable/entity.js";
import { collectFroms } from "../traversal.js";
import type { VisitorCompiler } from "../visitors.js";
import { DMLBase, type EntityTable, type WhereArg } from "./dml-base.js";

export class Delete<Tb extends TableImpl<string, any> = TableImpl, Row extends unknown[] = []> extends DMLBase<Row> {
  readonly kind = "delete" as const;
  _where: readonly ColumnElement<unknown>[] = [];

  constructor(table: Tb | SelectableEntity<any>) {
    super(table as never);
    // an ORM single-table subclass touches only its own rows (`type IN (...)`), as select(Entity) reads only them
    const criteria = this._entity?.__entityCriteria__?.();
    if (criteria) this._where = [criteria];
  }

  where(...clauses: WhereArg[]): this {
    return this._generate({ _where: [...this._where, ...clauses.map((c) => coerceExpression(c, "where()"))] });
  }

  returning<Items extends SelectItem[]>(...items: Items): Delete<Tb, RowOf<Items>> {
    return this._generate({ _returning: this._addReturning(items) }) as unknown as Delete<Tb, RowOf<Items>>;
  }

  /** Tables other than the target that WHERE refers to (DELETE ... USING). */
  get extraFroms(): FromClause[] {
    const froms: FromClause[] = [];
    for (const w of this._where) collectFroms(w, froms);
    return froms.filter((f) => f !== (this.table as unknown as FromClause));
  }

  get whereClause(): ColumnElement<unknown> | null {
    return this._where.length === 0 ? null : this._where.length === 1 ? this._where[0]! : and(...this._where);
  }

  /** `DELETE FROM t [USING x] WHERE ... [RETURNING ...]` (PostgreSQL, SQLite), or the dialect's hook. */
  _compile(c: DeleteCompiler): string {
    const extra = this.extraFroms;
    c.beginDML(this, extra);
    const own = c.renderDelete?.(this, extra);
    if (own !== undefined) return own;
    let sql = `DELETE FROM ${c.tableName(this.table)}`;
    if (extra.length) {
      if (!c.dialect.supportsDeleteUsing) throw new CompileError(`${c.dialect.name} has no multi-table DELETE; use a subquery: where(col.in(select(...)))`);
      sql += ` USING ${extra.map((f) => c.process(f)).join(", ")}`;
    }
    const where = this.whereClause;
    if (where) sql += ` WHERE ${c.predicate(where)}`;
    return sql + c.renderReturning(this);
  }

  _ck(b: KeyBuilder): void {
    b.key += "(DEL ";
    this.table._ck(b);
    if (this._where.length) {
      b.key += " W";
      for (const w of this._where) w._ck(b);
    }
    this._ckReturning(b);
    b.key += ")";
  }
}

export function delete_<Tb extends TableImpl<string, any>>(table: Tb): Delete<Tb>;
/** ORM-enabled: `delete_(User)` targets the model's table; values and `returning(User)` use its attributes. */
export function delete_<E extends SelectableEntity<any>>(entity: E): Delete<EntityTable<E>>;
export function delete_(table: TableImpl<string, any> | SelectableEntity<any>): Delete<any> {
  return new Delete(table);
}
export const deleteFrom = delete_;

/** A dialect's own DELETE syntax (MySQL multi-table, MSSQL OUTPUT/FROM); `undefined`: the default. */
export interface DeleteCompiler extends VisitorCompiler {
  renderDelete?(d: Delete<any, any>, extra: readonly FromClause[]): string | undefined;
}
