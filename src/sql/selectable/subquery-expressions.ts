/**
 * Subqueries used as column expressions: `(SELECT ...)` scalar subqueries and `EXISTS (SELECT ...)`.
 * @module
 */
import type { KeyBuilder } from "../elements/clause.js";
import { ColumnElement, _BOOLEAN } from "../elements/elements.js";
import { NULLTYPE, type TypeEngine } from "../types/type-engine.js";
import type { SubqueryableStatement } from "./from-clause.js";

/** A SELECT of one column used as a value: `(SELECT count(*) FROM posts WHERE ...)`. */
export class ScalarSubquery<T = unknown> extends ColumnElement<T> {
  readonly kind = "scalarSubquery" as const;
  declare readonly element: SubqueryableStatement;
  constructor(element: SubqueryableStatement) {
    super();
    this.element = element;
  }
  get type(): TypeEngine {
    return this.element._exportedColumns()[0]?.type ?? NULLTYPE;
  }
  override get anonName(): string {
    return "anon";
  }
  _ck(b: KeyBuilder): void {
    b.key += "(SSQ ";
    this.element._ck(b);
    b.key += ")";
  }
}

/** `EXISTS (SELECT ...)`. */
export class Exists extends ColumnElement<boolean> {
  readonly kind = "exists" as const;
  readonly type = _BOOLEAN;
  declare readonly element: SubqueryableStatement & { where(...c: ColumnElement<unknown>[]): SubqueryableStatement };
  constructor(element: SubqueryableStatement & { where(...c: ColumnElement<unknown>[]): SubqueryableStatement }) {
    super();
    this.element = element;
  }
  /** Adds WHERE criteria to the inner SELECT. */
  where(...clauses: ColumnElement<unknown>[]): Exists {
    return new Exists(this.element.where(...clauses) as Exists["element"]);
  }
  override get anonName(): string {
    return "anon";
  }
  _ck(b: KeyBuilder): void {
    b.key += "(EX ";
    this.element._ck(b);
    b.key += ")";
  }
}
