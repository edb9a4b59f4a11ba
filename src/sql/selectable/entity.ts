/**
 * The structural "entity" protocol: something that selects as a whole row object (an ORM mapped
 * class). `sql/` defines it and `select()` accepts it; the ORM implements it. `sql/` never imports
 * the ORM: an entity only tells which FROM its columns come from.
 * @module
 */
import type { FromClause } from "./from-clause.js";

/**
 * A selectable entity: `select(User)` selects every column of `User.__selectEntity__()` and the
 * row's value type is the entity's instance type (`E`, read from the class's `prototype`).
 */
export interface SelectableEntity<E = unknown> {
  /** The FROM whose columns make up the entity (throws when the entity cannot be used yet). */
  __selectEntity__(): FromClause;
  /**
   * Criteria every select of the entity carries (an ORM single-table subclass: `type IN (...)`),
   * added to the WHERE by `select(Entity)`; null or absent for none.
   */
  __entityCriteria__?(): import("../elements/elements.js").ColumnElement<unknown> | null;
  readonly prototype: E;
}

/**
 * A column expression that carries criteria when selected (an ORM column attribute: `Manager.name`
 * of a single-table subclass gives `type IN (...)`, as `select(Manager)` does; another class's
 * column gives null). `select()` asks the first such column of each column item, breadth first
 * and not inside subqueries (SQLAlchemy's column entity: the first column with a parent entity).
 */
export interface CriteriaColumn {
  __entityCriteria__(): import("../elements/elements.js").ColumnElement<unknown> | null;
}

/** Does `x` answer the entity-criteria protocol (an ORM column attribute)? */
export function hasEntityCriteria(x: unknown): x is CriteriaColumn {
  return typeof x === "object" && x !== null && typeof (x as Partial<CriteriaColumn>).__entityCriteria__ === "function";
}

/** Is `x` an entity (a mapped class or an aliased entity)? */
export function isSelectableEntity(x: unknown): x is SelectableEntity {
  return (typeof x === "function" || (typeof x === "object" && x !== null)) && typeof (x as Partial<SelectableEntity>).__selectEntity__ === "function";
}

/** An entity's FROM, or the FROM itself. */
export function asFrom<F>(x: F | SelectableEntity): F | FromClause {
  return isSelectableEntity(x) ? x.__selectEntity__() : x;
}

/**
 * A join path (an ORM relationship attribute, `User.posts`): `select(User).join(User.posts)` asks it
 * for the FROMs to join and their ON clauses (a many-to-many gives two: association table, target).
 */
export interface JoinPath {
  __joinPath__(): readonly { readonly target: FromClause; readonly onclause: import("../elements/elements.js").ColumnElement<unknown> }[];
}

/** Is `x` a join path (a relationship attribute)? */
export function isJoinPath(x: unknown): x is JoinPath {
  return typeof x === "object" && x !== null && typeof (x as Partial<JoinPath>).__joinPath__ === "function";
}
