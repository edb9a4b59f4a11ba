/**
 * `relationship({ primaryjoin: (post, user) => and(post.authorId.eq(user.id), user.isActive) })`:
 * the join condition is split into the foreign-key equalities (the column pairs the unit of work
 * synchronises and loaders match on) and the remaining criteria, which may only use the target's
 * columns and are added to every load and join of the relationship. The function is called again
 * with an alias's columns when the target is aliased (joined loading), so nothing is adapted.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { and, BinaryExpression, ClauseList, Grouping, type ColumnElement } from "../../sql/elements/elements.js";
import { expressionChildren } from "../../sql/traversal.js";
import { ColumnImpl } from "../../sql/schema/column.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ForeignKeyConstraintImpl } from "../../sql/schema/constraints.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type { ColumnPair, Direction, JoinColumns, RelationshipAttribute } from "./relationship.js";

/** The parts of a resolved primaryjoin. */
export interface ResolvedPrimaryJoin {
  readonly direction: Exclude<Direction, "manyToMany">;
  readonly pairs: ColumnPair[];
  /** Positions (in the flattened AND) of the criteria that are not foreign-key equalities. */
  readonly extra: readonly number[];
}

/** The columns of `from` by attribute key (a table's or an alias's `.c`). */
export function joinColumns(from: FromClause): JoinColumns {
  return from.c as JoinColumns;
}

function conjuncts(e: ColumnElement<unknown>): ColumnElement<unknown>[] {
  if (e instanceof Grouping) return conjuncts(e.element as ColumnElement<unknown>);
  if (e instanceof ClauseList && e.operator === "AND") return e.clauses.flatMap((c) => conjuncts(c));
  return [e];
}

function build(rel: RelationshipAttribute, parent: FromClause, target: FromClause): ColumnElement<unknown>[] {
  const fn = rel.options.primaryjoin!;
  const e = fn(joinColumns(parent), joinColumns(target));
  if (!e || typeof e !== "object" || !("_ck" in e)) {
    throw new ArgumentError(`relationship ${rel}: primaryjoin must return a SQL expression, e.g. (post, user) => post.authorId.eq(user.id)`);
  }
  return conjuncts(e);
}

function tablesOf(e: ClauseElement, out = new Set<unknown>()): Set<unknown> {
  if (e instanceof ColumnImpl) out.add(e.table);
  for (const c of expressionChildren(e)) tablesOf(c, out);
  return out;
}

/** Does `col` have a foreign key (column-level or in a table-level constraint) to `other`? */
function references(col: ColumnImpl<string, unknown>, other: ColumnImpl<string, unknown>): boolean {
  if (col.foreignKeys.some((fk) => fk.resolveColumn(false) === other)) return true;
  const to = other.table as TableImpl;
  for (const k of (col.table as TableImpl).constraints) {
    if (k.constraintKind !== "foreignKey") continue;
    const fkc = k as ForeignKeyConstraintImpl;
    if (fkc.referredTable !== to.fullname && fkc.referredTable !== to.name) continue;
    const i = fkc.columns.indexOf(col);
    if (i >= 0 && to.column(fkc.referredColumnNames[i]!) === other) return true;
  }
  return false;
}

/** Splits the primaryjoin of `rel` (parent table → target table) into pairs and extra criteria. */
export function resolvePrimaryJoin(rel: RelationshipAttribute, parentTable: TableImpl, targetTable: TableImpl): ResolvedPrimaryJoin {
  if (parentTable === targetTable) throw new ArgumentError(`relationship ${rel}: primaryjoin on a self-referential relationship is not supported yet; use remoteSide (and foreignKeys)`);
  if (rel.options.secondary) throw new ArgumentError(`relationship ${rel}: primaryjoin with secondary is not supported yet; give the association table foreign keys instead`);
  const parts = build(rel, parentTable, targetTable);
  const filter = rel.options.foreignKeys ? new Set(rel.options.foreignKeys) : null;
  const isFk = (c: ColumnImpl<string, unknown>, other: ColumnImpl<string, unknown>) => (filter ? filter.has(c.key) || filter.has(c.name) : references(c, other));
  const pairs: ColumnPair[] = [];
  const extra: number[] = [];
  const dirs = new Set<"manyToOne" | "oneToMany">();
  parts.forEach((p, i) => {
    if (p instanceof BinaryExpression && p.operator === "=" && p.left instanceof ColumnImpl && p.right instanceof ColumnImpl) {
      const [l, r] = [p.left as ColumnImpl<string, unknown>, p.right as ColumnImpl<string, unknown>];
      const lp = l.table === parentTable ? l : r.table === parentTable ? r : null;
      const lt = lp === l ? r : l;
      if (lp && lt.table === targetTable) {
        if (isFk(lp, lt)) {
          pairs.push({ fk: lp, referenced: lt });
          dirs.add("manyToOne");
          return;
        }
        if (isFk(lt, lp)) {
          pairs.push({ fk: lt, referenced: lp });
          dirs.add("oneToMany");
          return;
        }
        throw new ArgumentError(
          `relationship ${rel}: primaryjoin compares ${parentTable.name}.${lp.name} and ${targetTable.name}.${lt.name}, but neither has a foreign key to the other; ` +
            `add foreignKey: to the column, or name it in foreignKeys: ["${lp.key}"] / ["${lt.key}"]`,
        );
      }
    }
    const tables = tablesOf(p);
    if (tables.has(parentTable)) {
      throw new ArgumentError(
        `relationship ${rel}: primaryjoin criteria other than foreign-key equalities may only use ${targetTable.name}'s columns (the target's); ` +
          `move conditions on ${parentTable.name} into the query`,
      );
    }
    extra.push(i);
  });
  if (!pairs.length) {
    throw new ArgumentError(`relationship ${rel}: primaryjoin has no equality between a foreign key and the column it references, e.g. (post, user) => post.authorId.eq(user.id)`);
  }
  if (dirs.size > 1) throw new ArgumentError(`relationship ${rel}: primaryjoin uses foreign keys in both directions between ${parentTable.name} and ${targetTable.name}; give foreignKeys: [...] to pick one side`);
  return { direction: [...dirs][0]!, pairs, extra };
}

/** The extra criteria of `rel`'s primaryjoin for a target seen as `targetFrom` (null when none). */
export function extraCriteria(rel: RelationshipAttribute, targetFrom?: FromClause): ColumnElement<unknown> | null {
  const pj = rel.primaryJoin;
  if (!pj || !pj.extra.length) return null;
  const parts = build(rel, rel.parent.table, targetFrom ?? rel.target.table);
  const crit = pj.extra.map((i) => parts[i]!);
  return crit.length === 1 ? crit[0]! : and(...crit);
}
