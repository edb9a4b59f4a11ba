/**
 * `relationship<Post[]>("Post", { backPopulates: "author" })`: a link between mapped classes,
 * named by class name (so models may refer to each other in any order) and typed by its type
 * argument. The class-level `RelationshipAttribute` (`User.posts`) holds what the registry
 * resolved: direction, the column pairs that join both sides, cascades and the reverse attribute.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import type { Mapper } from "./mapper.js";
import { RelationshipPath, type JoinStep } from "./relationship-path.js";
import type { ResolvedPrimaryJoin } from "./primaryjoin.js";

export type Cascade = "save-update" | "merge" | "delete" | "delete-orphan" | "refresh-expire" | "expunge";

export interface RelationshipOptions {
  /** The attribute on the target class that points back here; both sides are kept in sync in memory. */
  backPopulates?: string;
  /** Comma-separated: `save-update`, `merge`, `delete`, `delete-orphan`, `refresh-expire`, `expunge`, `all` (default `"save-update, merge"`). */
  cascade?: string;
  /** Collection (`true`) or single object (`false`); by default a collection for one-to-many and many-to-many. */
  uselist?: boolean;
  /** The association table of a many-to-many relationship. */
  secondary?: TableImpl;
  /** Self-referential many-to-one: the parent side's column attribute names (`["id"]`). */
  remoteSide?: readonly string[];
  /** The foreign-key column attribute names to use when several paths link the two tables. */
  foreignKeys?: readonly string[];
  /**
   * The join condition, built from the two sides' columns by attribute key:
   * `primaryjoin: (post, user) => and(post.authorId.eq(user.id), user.isActive)`. Column-to-column
   * equalities along a foreign key give the columns the unit of work synchronises; the rest
   * (`user.isActive`) filters every load and join of the relationship. Called with the tables'
   * columns, or an alias's (joined loading), so it must only use its arguments. A
   * self-referential relationship works the same way (`(parent, child) => child.parentId.eq(parent.id)`):
   * the side holding the foreign key gives the direction. With `secondary`, the second argument is
   * the association table: `(user, link) => and(link.userId.eq(user.id), link.role.eq("admin"))`.
   */
  primaryjoin?: (parent: JoinColumns, target: JoinColumns) => ColumnElement<unknown>;
  /**
   * With `secondary`: the condition between the association table and the target,
   * `(link, group) => and(link.groupId.eq(group.id), group.active)`; its other criteria may use
   * both. Without it, the association table's foreign keys to the target are used.
   */
  secondaryjoin?: (secondary: JoinColumns, target: JoinColumns) => ColumnElement<unknown>;
  /**
   * Write this relationship's foreign key with a second UPDATE after the rows are INSERTed (and
   * set it to null before a DELETE): what lets two rows refer to each other
   * (`person.favoritePost` while `article.author`), which otherwise is a `CircularDependencyError`.
   */
  postUpdate?: boolean;
  /** Leave deleting children to the database's ON DELETE (no load of unloaded children at flush). */
  passiveDeletes?: boolean;
  /** Order of a loaded collection: target attribute names, `"-name"` for descending. */
  orderBy?: readonly string[];
  /**
   * Default loading strategy when a query gives no loader option: `"select"` (load on
   * `await obj.awaitableAttrs.rel`), `"selectin"`, `"joined"`, `"subquery"` (eager, with every query
   * of the parent), `"raise"` (never lazily: `awaitableAttrs` raises) or `"noload"` (always empty).
   */
  lazy?: LazyStrategy;
}

/** One side of a `primaryjoin`: its columns by attribute key (of the table, or of an alias of it). */
export type JoinColumns = { readonly [attribute: string]: ColumnElement<any> };

/** The default loading strategies of `relationship({ lazy })`. */
export type LazyStrategy = "select" | "selectin" | "joined" | "subquery" | "raise" | "noload";
const LAZY: readonly string[] = ["select", "selectin", "joined", "subquery", "raise", "noload"];

/** A relationship declaration inside `Base.model(...)`. */
export class RelationshipProp<R = unknown> {
  readonly propKind = "relationship" as const;
  /** Phantom: the attribute's TypeScript type. */
  declare readonly __value: R;
  constructor(
    readonly target: string,
    readonly options: RelationshipOptions,
  ) {}
}

/** `relationship<Post[]>("Post", {...})`: the type argument is the attribute's type. */
export function relationship<R>(target: string, options: RelationshipOptions = {}): RelationshipProp<R> {
  if (typeof target !== "string" || target.length === 0) {
    throw new ArgumentError('relationship(): name the target class as a string, e.g. relationship<Post[]>("Post")');
  }
  if (options.lazy !== undefined && !LAZY.includes(options.lazy)) {
    throw new ArgumentError(`relationship(): lazy ${JSON.stringify(options.lazy)} is not a loading strategy (${LAZY.join(", ")})`);
  }
  if (options.secondaryjoin !== undefined && !options.secondary) {
    throw new ArgumentError(`relationship("${target}"): secondaryjoin needs secondary: (the association table it joins to the target)`);
  }
  for (const k of ["primaryjoin", "secondaryjoin"] as const) {
    if (options[k] !== undefined && typeof options[k] !== "function") {
      throw new ArgumentError(`relationship("${target}"): ${k} must be a function of the sides' columns, e.g. (post, user) => post.authorId.eq(user.id)`);
    }
  }
  return new RelationshipProp<R>(target, options);
}

export type Direction = "manyToOne" | "oneToMany" | "manyToMany";

/** Column pairs: `referenced` is on the "one" side (a primary key), `fk` holds the foreign key. */
export interface ColumnPair {
  readonly referenced: ColumnImpl<string, unknown>;
  readonly fk: ColumnImpl<string, unknown>;
}

const ALL: Cascade[] = ["save-update", "merge", "refresh-expire", "expunge", "delete"];

export function parseCascade(spec: string | undefined): Set<Cascade> {
  const out = new Set<Cascade>();
  for (const raw of (spec ?? "save-update, merge").split(",")) {
    const c = raw.trim();
    if (!c) continue;
    if (c === "all") for (const a of ALL) out.add(a);
    else if (["save-update", "merge", "delete", "delete-orphan", "refresh-expire", "expunge"].includes(c)) out.add(c as Cascade);
    else throw new ArgumentError(`relationship(): unknown cascade ${JSON.stringify(c)} (save-update, merge, delete, delete-orphan, refresh-expire, expunge, all)`);
  }
  return out;
}

/** The class-level relationship attribute (`User.posts`), resolved when the registry configures. */
export class RelationshipAttribute<R = unknown> {
  declare readonly __value: R;
  readonly cascade: Set<Cascade>;
  /** Set by configure(). */
  target!: Mapper;
  direction!: Direction;
  /** For manyToOne/oneToMany: the pairs between the two tables. */
  pairs: ColumnPair[] = [];
  /** For manyToMany: parent table → secondary, and target table → secondary. */
  secondaryPairs: ColumnPair[] = [];
  targetSecondaryPairs: ColumnPair[] = [];
  uselist!: boolean;
  /** The split `primaryjoin` / `secondaryjoin` (pairs and extra criteria), when one was given. */
  primaryJoin: ResolvedPrimaryJoin | null = null;
  /** The attribute on the target that mirrors this one (backPopulates). */
  reverse: RelationshipAttribute | null = null;

  constructor(
    readonly parent: Mapper,
    readonly key: string,
    readonly prop: RelationshipProp<R>,
  ) {
    this.cascade = parseCascade(prop.options.cascade);
    if (this.cascade.has("delete-orphan") && !this.cascade.has("delete")) {
      throw new ArgumentError(`${parent.className}.${key}: cascade "delete-orphan" needs "delete" too (use "all, delete-orphan")`);
    }
  }

  get options(): RelationshipOptions {
    return this.prop.options;
  }

  get secondary(): TableImpl | null {
    return this.prop.options.secondary ?? null;
  }

  /** This relationship to an aliased target: `join(User.posts.ofType(PostAlias))`, `containsEager(User.posts.ofType(PostAlias))`. */
  ofType(target: FromClause | { __selectEntity__(): FromClause }): RelationshipPath<R> {
    return new RelationshipPath(this, null, null).ofType(target);
  }

  /** @internal the join-path protocol: `select(User).join(User.posts)` (ON from the foreign keys). */
  __joinPath__(): JoinStep[] {
    return new RelationshipPath(this, null, null).__joinPath__();
  }

  toString(): string {
    return `${this.parent.className}.${this.key}`;
  }
}
