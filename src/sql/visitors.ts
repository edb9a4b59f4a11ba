/**
 * Compile visitors that a statement's own module registers (`update.ts`, `delete.ts`): the
 * compiler looks a node kind up here when its own switch has no case for it, so a bundle that never
 * imports `update()` carries no UPDATE compile code (docs/DECISIONS.md "Bundle size").
 * @module
 */
import type { ClauseElement } from "./elements/clause.js";
import type { ColumnElement } from "./elements/elements.js";
import type { FromClause } from "./selectable/from-clause.js";
import type { ColumnImpl } from "./schema/column.js";
import type { TableImpl } from "./schema/table.js";
import type { DMLBase } from "./dml/dml-base.js";

/** What a registered visitor uses of the compiler (`SQLCompiler` in dialects/base/compiler.ts). */
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

export type Visitor = (compiler: VisitorCompiler, node: never) => string;

/** Visitors by node kind: `visitors.update = ...` in update.ts. */
export const visitors: { update?: Visitor; delete?: Visitor } = {};
