/**
 * Loader options: `select(User).options(selectinload(User.posts).selectinload(Post.comments))`.
 * An option is a path of relationships, each with a strategy; chained calls extend the path.
 * `buildLoadTree` merges a statement's options into a tree the loaders walk.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { FromClause } from "../../sql/selectable/from-clause.js";
import { RelationshipAttribute, type LazyStrategy } from "../mapping/relationship.js";
import { RelationshipPath } from "../mapping/relationship-path.js";
import type { Mapper } from "../mapping/mapper.js";
import { WithPolymorphic } from "./polymorphic.js";

/** Every strategy an option can name (`"default"`: keep the relationship's own, only go deeper). */
export type Strategy = LazyStrategy | "containsEager" | "default";

/** A relationship attribute, or one seen through an alias (`User.posts.ofType(PostAlias)`). */
export type RelationshipArg = RelationshipAttribute<any> | RelationshipPath<any>;

/** One step of an option's path. */
export interface LoadStep {
  readonly rel: RelationshipAttribute;
  readonly strategy: Strategy;
  /** containsEager: the FROM the joined columns come from (an alias), else null (the target table). */
  readonly alias: FromClause | null;
}

/** A loader option (a path of steps); chain to load deeper levels. */
export class Load {
  constructor(readonly steps: readonly LoadStep[]) {}
  private _add(attr: RelationshipArg, strategy: Strategy, alias: FromClause | null = null): Load {
    const step = toStep(attr, strategy, alias);
    const prev = this.steps[this.steps.length - 1];
    if (prev) {
      prev.rel.parent.ensureConfigured();
      // the next step starts at the previous target, one of its parents, or one of its subclasses
      if (!prev.rel.target.isa(step.rel.parent) && !step.rel.parent.isa(prev.rel.target)) {
        throw new ArgumentError(`loader option: ${step.rel} does not continue from ${prev.rel} (which loads ${prev.rel.target.className})`);
      }
    }
    return new Load([...this.steps, step]);
  }
  selectinload(attr: RelationshipArg): Load {
    return this._add(attr, "selectin");
  }
  joinedload(attr: RelationshipArg): Load {
    return this._add(attr, "joined");
  }
  subqueryload(attr: RelationshipArg): Load {
    return this._add(attr, "subquery");
  }
  lazyload(attr: RelationshipArg): Load {
    return this._add(attr, "select");
  }
  raiseload(attr: RelationshipArg): Load {
    return this._add(attr, "raise");
  }
  noload(attr: RelationshipArg): Load {
    return this._add(attr, "noload");
  }
  defaultload(attr: RelationshipArg): Load {
    return this._add(attr, "default");
  }
  containsEager(attr: RelationshipArg, options: { alias?: FromClause | { __selectEntity__(): FromClause } } = {}): Load {
    return this._add(attr, "containsEager", aliasOf(attr, options.alias));
  }
  toString(): string {
    return this.steps.map((s) => `${s.strategy}(${s.rel})`).join(".");
  }
}

function aliasOf(attr: RelationshipArg, alias: FromClause | { __selectEntity__(): FromClause } | undefined): FromClause | null {
  if (alias) return alias instanceof FromClause ? alias : alias.__selectEntity__();
  return attr instanceof RelationshipPath ? attr.targetFrom : null;
}

function toStep(attr: RelationshipArg, strategy: Strategy, alias: FromClause | null): LoadStep {
  const rel = attr instanceof RelationshipPath ? attr.rel : attr;
  if (!(rel instanceof RelationshipAttribute)) throw new ArgumentError(`loader options take a relationship attribute (User.posts), got ${String(attr)}`);
  return { rel, strategy, alias };
}

/** `selectinload(User.posts)`: one `SELECT ... WHERE fk IN (...)` per level, after the parent query. */
export function selectinload(attr: RelationshipArg): Load {
  return new Load([]).selectinload(attr);
}
/** `joinedload(User.posts)`: LEFT OUTER JOIN in the same query (collections need `.unique()`). */
export function joinedload(attr: RelationshipArg): Load {
  return new Load([]).joinedload(attr);
}
/** `subqueryload(User.posts)`: the parent query again, as a subquery joined to the child table. */
export function subqueryload(attr: RelationshipArg): Load {
  return new Load([]).subqueryload(attr);
}
/** `lazyload(User.posts)`: not loaded by the query (`await obj.awaitableAttrs.posts` loads it). */
export function lazyload(attr: RelationshipArg): Load {
  return new Load([]).lazyload(attr);
}
/** `raiseload(User.posts)`: not loaded, and `awaitableAttrs` raises instead of emitting SQL. */
export function raiseload(attr: RelationshipArg): Load {
  return new Load([]).raiseload(attr);
}
/** `noload(User.posts)`: set to an empty collection (or null) without SQL. */
export function noload(attr: RelationshipArg): Load {
  return new Load([]).noload(attr);
}
/** `defaultload(User.posts).selectinload(Post.comments)`: keep User.posts' strategy, set a deeper one. */
export function defaultload(attr: RelationshipArg): Load {
  return new Load([]).defaultload(attr);
}
/** `containsEager(User.posts)`: fill the collection from the columns of a join the query already has. */
export function containsEager(attr: RelationshipArg, options: { alias?: FromClause | { __selectEntity__(): FromClause } } = {}): Load {
  return new Load([]).containsEager(attr, options);
}

/** A node of the merged option tree: what to do with each relationship below one entity. */
export class LoadNode {
  readonly children = new Map<RelationshipAttribute, { strategy: Strategy; alias: FromClause | null; node: LoadNode }>();

  /** The strategy for `rel` here: the option's, else the relationship's `lazy` (default "select"). */
  strategyFor(rel: RelationshipAttribute): { strategy: LazyStrategy | "containsEager"; alias: FromClause | null; node: LoadNode; explicit: boolean } {
    const c = this.children.get(rel);
    if (c && c.strategy !== "default") return { strategy: c.strategy, alias: c.alias, node: c.node, explicit: true };
    return { strategy: rel.options.lazy ?? "select", alias: null, node: c?.node ?? EMPTY, explicit: false };
  }
}
const EMPTY = new LoadNode();

/** Merges options into one tree per root mapper; anything that is not a loader option is an error. */
export function buildLoadTree(options: readonly unknown[]): Map<Mapper, LoadNode> {
  const roots = new Map<Mapper, LoadNode>();
  for (const opt of options) {
    if (opt instanceof WithPolymorphic) continue;
    if (!(opt instanceof Load)) throw new ArgumentError(`options(): expected loader options (selectinload(...), joinedload(...), ...), got ${String(opt)}`);
    const first = opt.steps[0];
    if (!first) continue;
    let node: LoadNode | undefined = roots.get(first.rel.parent);
    if (!node) roots.set(first.rel.parent, (node = new LoadNode()));
    for (const step of opt.steps) {
      let c: { strategy: Strategy; alias: FromClause | null; node: LoadNode } | undefined = node.children.get(step.rel);
      if (!c) node.children.set(step.rel, (c = { strategy: step.strategy, alias: step.alias, node: new LoadNode() }));
      else if (step.strategy !== "default") {
        c.strategy = step.strategy;
        c.alias = step.alias;
      }
      node = c.node;
    }
  }
  return roots;
}

/** The empty tree node (no options below). */
export function emptyNode(): LoadNode {
  return EMPTY;
}
