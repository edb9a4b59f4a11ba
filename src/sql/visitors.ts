/**
 * What a construct that compiles itself uses of the compiler. A node kind that `SQLCompiler.process`
 * has no case for (UPDATE, DELETE, CASE, tuples, groupings) renders through `_compile(compiler)` on
 * its own class, so a bundle without that class carries none of its compile code
 * (docs/DECISIONS.md "Bundle size").
 * @module
 */
import type { ClauseElement } from "./elements/clause.js";
import type { ColumnElement } from "./elements/elements.js";
import type { FromClause } from "./selectable/from-clause.js";
import type { ColumnImpl } from "./schema/column.js";
import type { TableImpl } from "./schema/table.js";
import type { DMLBase } from "./dml/dml-base.js";

/** The compiler as a self-compiling construct sees it (`SQLCompiler` in dialects/base/compiler.ts). */
export interface VisitorCompiler {
  readonly dialect: { readonly name: string; readonly supportsUpdateFrom: boolean; readonly supportsDeleteUsing: boolean };
  process(node: ClauseElement): string;
  predicate(e: ColumnElement<unknown>): string;
  quote(name: string): string;
  visitColumn(c: ColumnImpl): string;
  tableName(t: TableImpl): string;
  /** Statement kind, RETURNING columns and FROM list of a DML statement about to be rendered. */
  beginDML(stmt: DMLBase<any>, extra: readonly FromClause[]): void;
  renderReturning(stmt: DMLBase<any>): string;
}

/** A construct that renders itself (the compiler calls `_compile` for the kinds its switch leaves out). */
export interface SelfCompiling {
  _compile(compiler: VisitorCompiler): string;
}
