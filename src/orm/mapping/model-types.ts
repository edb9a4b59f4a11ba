/**
 * Type-level shape of declarative models: what `Base.model(tablename, props)` returns. Instance
 * attributes come from each prop's phantom type (`mappedColumn` → `T` or `T | null`,
 * `relationship<R>` → `R`); class attributes are column expressions and relationship attributes.
 * Relationship targets are type arguments, so models may refer to each other circularly.
 * @module
 */
import type { FromClause } from "../../sql/selectable/from-clause.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ColumnAttribute } from "./column-attribute.js";
import type { MappedColumnProp } from "./mapped-column.js";
import type { RelationshipAttribute, RelationshipProp } from "./relationship.js";
import type { TableItem } from "../../sql/schema/table.js";
import type { MapperArgs } from "./mapper.js";

/** What `Base.model()` accepts as its attributes. */
export type ModelProps = { readonly [key: string]: MappedColumnProp<any> | RelationshipProp<any> };

type PropValue<P> = P extends MappedColumnProp<infer T> ? T : P extends RelationshipProp<infer R> ? R : never;

/** The instance attributes of a model: `{ id: number; email: string | null; posts: Post[] }`. */
export type ModelAttributes<P> = { -readonly [K in keyof P]: PropValue<P[K]> };

/** What the constructor takes: any subset of the attributes, with their types; unknown keys are errors. */
export type ModelInit<P> = Partial<ModelAttributes<P>>;

/** `await obj.awaitableAttrs.posts`: loads an unloaded relationship (or expired column) with one SELECT. */
export type AwaitableAttrs<A> = { readonly [K in keyof A]: Promise<A[K]> };

/** Members every mapped instance has besides its attributes. */
export interface ModelInstance<P> {
  readonly awaitableAttrs: AwaitableAttrs<ModelAttributes<P>>;
}

/** Class-level attributes: `User.username` is a `ColumnAttribute<string>` (a column expression). */
export type ModelStatics<P> = {
  readonly [K in keyof P as P[K] extends MappedColumnProp<any> ? K : never]: P[K] extends MappedColumnProp<infer T> ? ColumnAttribute<T> : never;
} & {
  readonly [K in keyof P as P[K] extends RelationshipProp<any> ? K : never]: P[K] extends RelationshipProp<infer R> ? RelationshipAttribute<R> : never;
};

/** Static members of every model class. */
export interface ModelClassMembers {
  /** The table the model is mapped to. */
  readonly __table__: TableImpl;
  /** @internal the entity protocol of `select(User)`. */
  __selectEntity__(): FromClause;
  /** @internal `event.listen(User, "beforeInsert", ...)`. */
  _listen(name: string, fn: (...args: any[]) => unknown, options: object): () => void;
}

/** Options of `Model.subclass(tablename | null, props, options)`. */
export interface SubclassOptions {
  /** `polymorphicIdentity` (and other mapper options) of the subclass. */
  mapperArgs?: MapperArgs;
  /** Concrete table inheritance: the subclass's own table holds every column (the parent's too). */
  concrete?: boolean;
  /** Constraints and indexes of the subclass's own table (joined or concrete). */
  tableArgs?: readonly TableItem[];
}

/** Any model class (a `Base.model(...)` class, or a subclass of one). */
type AnyModelClass = abstract new (...args: any[]) => any;

/** What a model class's constructor takes. */
type InitOf<C> = C extends abstract new (init?: infer I) => any ? NonNullable<I> : {};

/** The class-level members of `C` (its column attributes, relationships, ...), less those `P` declares again. */
type StaticsOf<C, P> = { [K in keyof C as K extends "prototype" | keyof P ? never : K]: C[K] };

/**
 * What `Employee.subclass(tablename | null, props, options)` returns, to be extended by the
 * subclass: instances have the parent's attributes (and methods) plus `props`; class-level
 * attributes are the parent's column expressions plus the new ones; the constructor takes both.
 */
export type SubclassModel<C extends AnyModelClass, P> = (new (init?: InitOf<C> & ModelInit<P>) => InstanceType<C> & ModelAttributes<P> & ModelInstance<P>) &
  StaticsOf<C, P> &
  ModelStatics<P> &
  ModelClassMembers &
  SubclassMethod;

/** `Model.subclass(...)`: the inheritance entry point of every model class. */
export interface SubclassMethod {
  /**
   * A class to extend for a subclass of this (registered) model: `tablename` is its own table
   * (joined inheritance; with `{ concrete: true }`, concrete), `null` for single-table inheritance.
   */
  subclass<C extends AnyModelClass, const P extends ModelProps>(this: C, tablename: string | null, props: P, options?: SubclassOptions): SubclassModel<C, P>;
}

/** The class `Base.model(...)` returns, to be extended by the user's class. */
export type ModelClass<P> = (new (init?: ModelInit<P>) => ModelAttributes<P> & ModelInstance<P>) & ModelStatics<P> & ModelClassMembers & SubclassMethod;

/** Any registered model class whose instances are `T` (`session.get(User, 1)`). */
export type MappedClass<T = any> = (abstract new (...args: any[]) => T) & ModelClassMembers;
