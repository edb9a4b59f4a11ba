/**
 * A relationship seen between two particular FROMs: `User.posts` joins `users` to `posts`;
 * `User.posts.ofType(PostAlias)` joins to an alias; `aliased(User).posts` joins from one. It
 * builds ON clauses (`select(User).join(User.posts)`) and the key columns eager loaders match on.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { and, type ColumnElement } from "../../sql/elements/elements.js";
import { Alias, FromClause, FromColumn } from "../../sql/selectable/from-clause.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { ColumnPair, RelationshipAttribute } from "./relationship.js";
import { extraCriteria } from "./primaryjoin.js";

/** The FROM an entity's columns are read from: its table, or an alias of it. */
export type EntityFrom = FromClause;

/** `col` as seen through `from` (the table itself, or the same-keyed column of an alias of it). */
export function adapt(from: FromClause, col: ColumnImpl<string, unknown>): ColumnElement<unknown> {
  if (from.kind === "table") return col;
  if (from.kind === "join") {
    // a join of aliased tables (an aliased joined subclass): the alias column derived from `col`
    const hit = from.columns.find((c) => c instanceof FromColumn && c.origin === col);
    if (hit) return hit;
  }
  const c = from.c[col.key];
  if (!c) throw new ArgumentError(`column ${col.key} is not part of ${String(from)}`);
  return c;
}

function eqPairs(pairs: readonly ColumnPair[], fkFrom: FromClause, refFrom: FromClause): ColumnElement<unknown> {
  const crit = pairs.map((p) => adapt(fkFrom, p.fk).eq(adapt(refFrom, p.referenced) as never));
  return crit.length === 1 ? crit[0]! : and(...crit);
}

/** One JOIN step: the FROM to join and its ON clause. */
export interface JoinStep {
  readonly target: FromClause;
  readonly onclause: ColumnElement<unknown>;
}

/** The JOIN steps from `parentFrom` to `targetFrom` along `rel` (two for many-to-many). */
export function relationshipJoin(rel: RelationshipAttribute, parentFrom: FromClause, targetFrom: FromClause, secondaryFrom?: FromClause): JoinStep[] {
  rel.parent.ensureConfigured();
  if (rel.direction === "manyToMany") {
    const sec = secondaryFrom ?? rel.secondary!;
    const secExtra = extraCriteria(rel, targetFrom, sec, "secondary");
    const targetExtra = extraCriteria(rel, targetFrom, sec, "target");
    const on1 = eqPairs(rel.secondaryPairs, sec, parentFrom);
    const on2 = eqPairs(rel.targetSecondaryPairs, sec, targetFrom);
    return [
      { target: sec, onclause: secExtra ? and(on1, secExtra) : on1 },
      { target: targetFrom, onclause: targetExtra ? and(on2, targetExtra) : on2 },
    ];
  }
  const on = rel.direction === "oneToMany" ? eqPairs(rel.pairs, targetFrom, parentFrom) : eqPairs(rel.pairs, parentFrom, targetFrom);
  const extra = extraCriteria(rel, targetFrom);
  return [{ target: targetFrom, onclause: extra ? and(on, extra) : on }];
}

/**
 * The columns linking parent and child rows: `parent` are on the parent's table (their values
 * identify a parent's group), `child` are selected with the child rows (on the target table, or
 * on the association table for many-to-many), pairwise equal.
 */
export function linkColumns(rel: RelationshipAttribute): { parent: ColumnImpl<string, unknown>[]; child: ColumnImpl<string, unknown>[] } {
  rel.parent.ensureConfigured();
  if (rel.direction === "manyToMany") return { parent: rel.secondaryPairs.map((p) => p.referenced), child: rel.secondaryPairs.map((p) => p.fk) };
  if (rel.direction === "oneToMany") return { parent: rel.pairs.map((p) => p.referenced), child: rel.pairs.map((p) => p.fk) };
  return { parent: rel.pairs.map((p) => p.fk), child: rel.pairs.map((p) => p.referenced) };
}

/** `User.posts.ofType(PostAlias)` / `aliased(User).posts`: a relationship between given FROMs. */
export class RelationshipPath<R = unknown> {
  declare readonly __value: R;
  constructor(
    readonly rel: RelationshipAttribute<R>,
    readonly parentFrom: FromClause | null,
    readonly targetFrom: FromClause | null,
  ) {}

  /** The same path to an aliased target: `User.posts.ofType(aliased(Post))`. */
  ofType(target: FromClause | { __selectEntity__(): FromClause }): RelationshipPath<R> {
    return new RelationshipPath(this.rel, this.parentFrom, target instanceof FromClause ? target : target.__selectEntity__());
  }

  /** @internal the join-path protocol of `select().join(User.posts)`. */
  __joinPath__(): JoinStep[] {
    this.rel.parent.ensureConfigured(); // a join built before the first query resolves the target here
    const parent = this.parentFrom ?? this.rel.parent.table;
    const target = this.targetFrom ?? this.rel.target.table;
    if (target === parent) {
      throw new ArgumentError(`join(${this.rel}): a self-referential join needs an alias for the target: join(${this.rel}.ofType(aliased(${this.rel.target.className})))`);
    }
    return relationshipJoin(this.rel, parent, target);
  }

  toString(): string {
    return String(this.rel);
  }
}

/** Is `from` an alias of `table`-backed entity (used to validate ofType targets)? */
export function isAliasOf(from: FromClause, table: FromClause): boolean {
  return from === table || (from instanceof Alias && from.element === table);
}
