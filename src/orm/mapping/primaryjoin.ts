/**
 * `relationship({ primaryjoin: (post, user) => and(post.authorId.eq(user.id), user.isActive) })`:
 * the join condition is split into the foreign-key equalities (the column pairs the unit of work
 * synchronises and loaders match on) and the remaining criteria, which may only use the target's
 * columns and are added to every load and join of the relationship. The function is called again
 * with an alias's columns when the target is aliased (joined loading), so nothing is adapted.
 *
 * At configure the function is called with two fresh aliases, one per side, so each column is
 * told apart by the argument it came from, not by its table: a self-referential relationship
 * (`(parent, child) => child.parentId.eq(parent.id)`, both sides the same table) splits like any
 * other, and its direction is the side holding the foreign key. With `secondary`, `primaryjoin`
 * links the parent to the association table and `secondaryjoin` the association table to the
 * target; their extra criteria may restrict the association table (either function) or the
 * target (secondaryjoin).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { and, BinaryExpression, ClauseList, Grouping, type ColumnElement } from "../../sql/elements/elements.js";
import { expressionChildren } from "../../sql/traversal.js";
import { ColumnImpl } from "../../sql/schema/column.js";
import { Alias, FromColumn, type FromClause } from "../../sql/selectable/from-clause.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ForeignKeyConstraintImpl } from "../../sql/schema/constraints.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type { ColumnPair, Direction, JoinColumns, RelationshipAttribute } from "./relationship.js";

/** One criterion of a join condition that is not a foreign-key equality. */
export interface ExtraCriterion {
  /** Which function it comes from. */
  readonly join: "primaryjoin" | "secondaryjoin";
  /** Its position in that function's flattened AND. */
  readonly index: number;
  /** Uses only the association table's columns (many-to-many): goes into the ON clause of the association table's join. */
  readonly secondaryOnly: boolean;
}

/** The parts of a resolved primaryjoin (and secondaryjoin). */
export interface ResolvedPrimaryJoin {
  readonly direction: Direction;
  /** One-to-many / many-to-one: the pairs between the two tables. */
  readonly pairs: ColumnPair[];
  /** Many-to-many: parent → association table and target → association table. */
  readonly secondaryPairs: ColumnPair[];
  readonly targetSecondaryPairs: ColumnPair[];
  /** The criteria that are not foreign-key equalities. */
  readonly extra: readonly ExtraCriterion[];
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

type JoinFn = (a: JoinColumns, b: JoinColumns) => ColumnElement<unknown>;

function build(rel: RelationshipAttribute, name: "primaryjoin" | "secondaryjoin", left: FromClause, right: FromClause): ColumnElement<unknown>[] {
  const fn = rel.options[name] as JoinFn;
  const e = fn(joinColumns(left), joinColumns(right));
  if (!e || typeof e !== "object" || !("_ck" in e)) {
    const eg = name === "primaryjoin" ? "(post, user) => post.authorId.eq(user.id)" : "(link, group) => link.groupId.eq(group.id)";
    throw new ArgumentError(`relationship ${rel}: ${name} must return a SQL expression, e.g. ${eg}`);
  }
  return conjuncts(e);
}

function columnsOf(e: ClauseElement, out: ColumnElement<unknown>[] = []): ColumnElement<unknown>[] {
  if (e instanceof ColumnImpl || e instanceof FromColumn) out.push(e as ColumnElement<unknown>);
  else for (const c of expressionChildren(e)) columnsOf(c, out);
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

/** One side of a join function: its table and what the error messages call it. */
interface Side {
  readonly table: TableImpl;
  readonly role: string;
}

/** A foreign-key equality of a split join function: `fk` on the left or the right argument. */
interface SplitPair {
  readonly pair: ColumnPair;
  readonly fkOn: "left" | "right";
}

/**
 * Calls `rel.options[name]` with one fresh alias per side and splits the result: the foreign-key
 * equalities between the sides, and the other criteria (which may use only `extraSides`).
 */
function split(
  rel: RelationshipAttribute,
  name: "primaryjoin" | "secondaryjoin",
  left: Side,
  right: Side,
  extraOk: { left: boolean; right: boolean },
): { pairs: SplitPair[]; extra: { index: number; usesLeft: boolean; usesRight: boolean }[] } {
  const la = new Alias(left.table, null);
  const ra = new Alias(right.table, null);
  const parts = build(rel, name, la, ra);
  const filter = rel.options.foreignKeys ? new Set(rel.options.foreignKeys) : null;
  const isFk = (c: ColumnImpl<string, unknown>, other: ColumnImpl<string, unknown>) => (filter ? filter.has(c.key) || filter.has(c.name) : references(c, other));
  const sideOf = (c: ColumnElement<unknown>): "left" | "right" => {
    if (c instanceof FromColumn && (c.parent === la || c.parent === ra) && c.origin instanceof ColumnImpl) return c.parent === la ? "left" : "right";
    const shown = c instanceof ColumnImpl ? `${c.table?.name}.${c.name}` : String((c as { name?: string }).name ?? "a column");
    throw new ArgumentError(`relationship ${rel}: ${name} uses ${shown}, which is not a column of its arguments; build the condition only from the two arguments' columns`);
  };
  const origin = (c: ColumnElement<unknown>) => (c as FromColumn<unknown>).origin as ColumnImpl<string, unknown>;
  const pairs: SplitPair[] = [];
  const extra: { index: number; usesLeft: boolean; usesRight: boolean }[] = [];
  parts.forEach((p, index) => {
    const cols = columnsOf(p);
    const sides = cols.map(sideOf);
    if (p instanceof BinaryExpression && p.operator === "=" && cols.length === 2 && cols[0] === p.left && cols[1] === p.right && sides[0] !== sides[1]) {
      const l = origin(sides[0] === "left" ? p.left : p.right);
      const r = origin(sides[0] === "left" ? p.right : p.left);
      if (isFk(l, r)) return void pairs.push({ pair: { fk: l, referenced: r }, fkOn: "left" });
      if (isFk(r, l)) return void pairs.push({ pair: { fk: r, referenced: l }, fkOn: "right" });
      throw new ArgumentError(
        `relationship ${rel}: ${name} compares ${left.table.name}.${l.name} and ${right.table.name}.${r.name}, but neither has a foreign key to the other; ` +
          `add foreignKey: to the column, or name it in foreignKeys: ["${l.key}"] / ["${r.key}"]`,
      );
    }
    const usesLeft = sides.includes("left");
    const usesRight = sides.includes("right");
    if ((usesLeft && !extraOk.left) || (usesRight && !extraOk.right)) {
      const bad = usesLeft && !extraOk.left ? left : right;
      const ok = extraOk.left ? left : right;
      const which = extraOk.left ? "first" : "second";
      throw new ArgumentError(
        `relationship ${rel}: ${name} criteria other than foreign-key equalities may only use ${ok.table.name}'s columns (its ${which} argument, the ${ok.role}'s); ` +
          `move conditions on the ${bad.role} (${bad.table.name}) into the query`,
      );
    }
    extra.push({ index, usesLeft, usesRight });
  });
  if (!pairs.length) {
    throw new ArgumentError(
      `relationship ${rel}: ${name} has no equality between a foreign key and the column it references, e.g. ` +
        (name === "primaryjoin" && !rel.options.secondary ? "(post, user) => post.authorId.eq(user.id)" : name === "primaryjoin" ? "(user, link) => link.userId.eq(user.id)" : "(link, group) => link.groupId.eq(group.id)"),
    );
  }
  return { pairs, extra };
}

/** Splits the primaryjoin of `rel` (parent table → target table, which may be the same table) into pairs and extra criteria. */
export function resolvePrimaryJoin(rel: RelationshipAttribute, parentTable: TableImpl, targetTable: TableImpl): ResolvedPrimaryJoin {
  const { pairs, extra } = split(rel, "primaryjoin", { table: parentTable, role: "parent" }, { table: targetTable, role: "target" }, { left: false, right: true });
  const dirs = new Set(pairs.map((p) => (p.fkOn === "left" ? "manyToOne" : "oneToMany")));
  if (dirs.size > 1) throw new ArgumentError(`relationship ${rel}: primaryjoin uses foreign keys in both directions between ${parentTable.name} and ${targetTable.name}; give foreignKeys: [...] to pick one side`);
  const direction = [...dirs][0]!;
  const remote = rel.options.remoteSide;
  if (remote && parentTable === targetTable) {
    // the target side's columns of the equalities: the referenced ones (many-to-one) or the foreign keys (one-to-many)
    const own = pairs.map((p) => (direction === "manyToOne" ? p.pair.referenced : p.pair.fk));
    if (!remote.every((n) => own.some((c) => c.key === n || c.name === n))) {
      const fk = pairs[0]!.pair.fk;
      throw new ArgumentError(
        `relationship ${rel}: remoteSide ${JSON.stringify(remote)} contradicts the primaryjoin, which makes it ${direction === "manyToOne" ? "many-to-one" : "one-to-many"} ` +
          `(the ${direction === "manyToOne" ? "parent" : "target"}'s ${fk.table?.name}.${fk.name} holds the foreign key); give remoteSide: ${JSON.stringify(own.map((c) => c.key))} or leave it out`,
      );
    }
  }
  return {
    direction,
    pairs: pairs.map((p) => p.pair),
    secondaryPairs: [],
    targetSecondaryPairs: [],
    extra: extra.map((e) => ({ join: "primaryjoin", index: e.index, secondaryOnly: false })),
  };
}

/**
 * Many-to-many: splits `primaryjoin` (parent ↔ association table) and `secondaryjoin` (association
 * table ↔ target); a missing one is taken from the association table's foreign keys (`fallback`).
 */
export function resolveSecondaryJoins(
  rel: RelationshipAttribute,
  parentTable: TableImpl,
  secondary: TableImpl,
  targetTable: TableImpl,
  fallback: (to: TableImpl) => ColumnPair[],
): ResolvedPrimaryJoin {
  const extra: ExtraCriterion[] = [];
  const onSecondary = (ps: SplitPair[], name: string, fkOn: "left" | "right", other: TableImpl) => {
    const wrong = ps.find((p) => p.fkOn !== fkOn);
    if (wrong) {
      throw new ArgumentError(
        `relationship ${rel}: ${name} links ${wrong.pair.fk.table?.name}.${wrong.pair.fk.name} to ${secondary.name}.${wrong.pair.referenced.name}; ` +
          `the association table ${secondary.name} must hold the foreign keys to ${other.name}`,
      );
    }
    return ps.map((p) => p.pair);
  };
  let secondaryPairs: ColumnPair[];
  if (rel.options.primaryjoin) {
    const r = split(rel, "primaryjoin", { table: parentTable, role: "parent" }, { table: secondary, role: "association table" }, { left: false, right: true });
    secondaryPairs = onSecondary(r.pairs, "primaryjoin", "right", parentTable);
    for (const e of r.extra) extra.push({ join: "primaryjoin", index: e.index, secondaryOnly: true });
  } else secondaryPairs = fallback(parentTable);
  let targetSecondaryPairs: ColumnPair[];
  if (rel.options.secondaryjoin) {
    const r = split(rel, "secondaryjoin", { table: secondary, role: "association table" }, { table: targetTable, role: "target" }, { left: true, right: true });
    targetSecondaryPairs = onSecondary(r.pairs, "secondaryjoin", "left", targetTable);
    for (const e of r.extra) extra.push({ join: "secondaryjoin", index: e.index, secondaryOnly: !e.usesRight });
  } else targetSecondaryPairs = fallback(targetTable);
  return { direction: "manyToMany", pairs: [], secondaryPairs, targetSecondaryPairs, extra };
}

/**
 * The extra criteria of `rel`'s primaryjoin / secondaryjoin for a target seen as `targetFrom` and an
 * association table seen as `secondaryFrom` (null when none): `"secondary"` only those on the
 * association table alone, `"target"` the others, `"all"` both.
 */
export function extraCriteria(
  rel: RelationshipAttribute,
  targetFrom?: FromClause,
  secondaryFrom?: FromClause,
  which: "all" | "secondary" | "target" = "all",
): ColumnElement<unknown> | null {
  const pj = rel.primaryJoin;
  if (!pj || !pj.extra.length) return null;
  const wanted = pj.extra.filter((e) => which === "all" || e.secondaryOnly === (which === "secondary"));
  if (!wanted.length) return null;
  const target = targetFrom ?? rel.target.table;
  const sec = secondaryFrom ?? rel.secondary;
  const built: Partial<Record<"primaryjoin" | "secondaryjoin", ColumnElement<unknown>[]>> = {};
  const parts = (join: "primaryjoin" | "secondaryjoin") =>
    (built[join] ??= join === "primaryjoin" ? build(rel, join, rel.parent.table, sec ?? target) : build(rel, join, sec!, target));
  const crit = wanted.map((e) => parts(e.join)[e.index]!);
  return crit.length === 1 ? crit[0]! : and(...crit);
}
