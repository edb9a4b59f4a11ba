/**
 * Generic traversal of expression trees: the direct children of each column-expression kind,
 * declared once (used to find the FROM objects an expression refers to).
 * @module
 */
import type { ClauseElement } from "./elements/clause.js";
import type {
  Between,
  BinaryExpression,
  Case,
  Cast,
  ClauseList,
  Grouping,
  InList,
  InSubqueryExpr,
  IsNull,
  Label,
  Like,
  Tuple,
  UnaryExpression,
} from "./elements/elements.js";
import type { FunctionCall, FunctionFilter, Over } from "./elements/functions.js";
import type { FromClause, FromColumn } from "./selectable/from-clause.js";
import type { ColumnImpl } from "./schema/column.js";

/** Children of a column expression, not descending into subqueries (they have their own FROM). */
export function expressionChildren(e: ClauseElement): readonly ClauseElement[] {
  switch (e.kind) {
    case "binary": {
      const b = e as BinaryExpression;
      return [b.left, b.right];
    }
    case "like": {
      const l = e as Like;
      return [l.left, l.pattern];
    }
    case "isNull":
      return [(e as IsNull).operand];
    case "between": {
      const b = e as Between;
      return [b.operand, b.low, b.high];
    }
    case "inList": {
      const i = e as InList;
      return [i.operand, ...i.items];
    }
    case "inSubquery":
      return [(e as InSubqueryExpr).operand];
    case "unary":
      return [(e as UnaryExpression).operand];
    case "clauseList":
      return (e as ClauseList).clauses;
    case "grouping":
      return [(e as Grouping).element];
    case "label":
      return [(e as Label).element];
    case "cast":
      return [(e as Cast).element];
    case "case": {
      const c = e as Case;
      const out: ClauseElement[] = [];
      if (c.value) out.push(c.value);
      for (const [w, v] of c.whens) out.push(w, v);
      if (c.elseValue) out.push(c.elseValue);
      return out;
    }
    case "function":
      return (e as FunctionCall).args;
    case "functionFilter": {
      const f = e as FunctionFilter;
      return [f.fn, f.condition];
    }
    case "over": {
      const o = e as Over;
      return [o.element, ...o.partitionBy, ...o.orderBy];
    }
    case "tuple":
      return (e as Tuple).items;
    default:
      return [];
  }
}

/** Appends the FROM objects (tables, aliases, subqueries) that an expression's columns belong to. */
export function collectFroms(e: ClauseElement, out: FromClause[]): void {
  // the common kinds are walked in place (same order as expressionChildren), without child arrays
  switch (e.kind) {
    case "column": {
      const t = (e as ColumnImpl).table as unknown as FromClause | null;
      if (t && !out.includes(t)) out.push(t);
      return;
    }
    case "fromColumn": {
      const p = (e as FromColumn).parent;
      if (!out.includes(p)) out.push(p);
      return;
    }
    case "bindParam":
    case "null":
    case "true":
    case "false":
    case "labelReference":
    case "textClause":
      return;
    case "binary": {
      const b = e as BinaryExpression;
      collectFroms(b.left, out);
      collectFroms(b.right, out);
      return;
    }
    case "like": {
      const l = e as Like;
      collectFroms(l.left, out);
      collectFroms(l.pattern, out);
      return;
    }
    case "inList": {
      const i = e as InList;
      collectFroms(i.operand, out);
      for (const item of i.items) collectFroms(item, out);
      return;
    }
    case "clauseList":
      for (const c of (e as ClauseList).clauses) collectFroms(c, out);
      return;
    case "unary":
      collectFroms((e as UnaryExpression).operand, out);
      return;
    case "isNull":
      collectFroms((e as IsNull).operand, out);
      return;
    case "label":
      collectFroms((e as Label).element, out);
      return;
    case "grouping":
      collectFroms((e as Grouping).element, out);
      return;
    default:
      for (const child of expressionChildren(e)) collectFroms(child, out);
  }
}
