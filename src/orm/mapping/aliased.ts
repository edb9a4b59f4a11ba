/**
 * `aliased(User)`: the model under an alias in FROM (`users AS users_1`), for self-joins and
 * selecting one model twice. `A.username` is the alias's column, `A.posts` a relationship path from
 * the alias, and `select(A)` returns `User` objects through the identity map.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import { polymorphicCriteria } from "./inheritance.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import { aliasSelectable } from "./alias-selectable.js";
import type { ColumnAttribute } from "./column-attribute.js";
import { mapperFor } from "./declarative.js";
import type { Mapper } from "./mapper.js";
import type { MappedClass } from "./model-types.js";
import type { RelationshipAttribute } from "./relationship.js";
import { RelationshipPath, adapt } from "./relationship-path.js";

type InstanceOf<C> = C extends abstract new (...args: any[]) => infer I ? I : never;

/** The type of `aliased(User)`: column attributes become the alias's columns, typed alike. */
export type Aliased<C> = {
  readonly [K in keyof C as C[K] extends ColumnAttribute<any> ? K : never]: C[K] extends ColumnAttribute<infer T> ? ColumnElement<T> : never;
} & {
  readonly [K in keyof C as C[K] extends RelationshipAttribute<any> ? K : never]: C[K] extends RelationshipAttribute<infer R> ? RelationshipPath<R> : never;
} & {
  /** @internal the entity protocol: this alias is the FROM. */
  __selectEntity__(): FromClause;
  readonly prototype: InstanceOf<C>;
};

/** The runtime object behind `aliased(Model)`. */
export class AliasedEntity {
  constructor(
    readonly _mapper: Mapper,
    /** The alias of the table (a join of aliased tables for a joined-table subclass). */
    readonly _alias: FromClause,
  ) {
    // the alias's columns answer the entity-criteria protocol as the class's attributes do: a select
    // of `aliased(Manager).name` carries the alias's discriminator criterion
    const criteria = { value: () => this.__entityCriteria__(), configurable: true };
    for (const [key, col] of _mapper.columnByKey) {
      const c = adapt(_alias, col);
      if (c !== col && !Object.prototype.hasOwnProperty.call(c, "__entityCriteria__")) Object.defineProperty(c, "__entityCriteria__", criteria);
      Object.defineProperty(this, key, { value: c, enumerable: true });
    }
    for (const key of _mapper.relationships.keys()) {
      Object.defineProperty(this, key, {
        get: () => new RelationshipPath(_mapper.relationships.get(key)!, _alias, null),
        enumerable: true,
      });
    }
  }
  __selectEntity__(): FromClause {
    return this._alias;
  }
  __entityCriteria__(): ColumnElement<unknown> | null {
    // one object while the hierarchy is unchanged: select(A, A.name) adds it once
    const size = this._mapper.polymorphicMap.size;
    if (this._criteria === null || this._criteria.size !== size) this._criteria = { size, expr: polymorphicCriteria(this._mapper, this._alias) };
    return this._criteria.expr;
  }
  private _criteria: { size: number; expr: ColumnElement<unknown> | null } | null = null;
  get prototype(): unknown {
    return (this._mapper.cls as Function).prototype;
  }
  toString(): string {
    return `aliased(${this._mapper.className})`;
  }
}

/** `const A = aliased(User); select(A).where(A.username.eq("x"))`; `name` fixes the SQL alias name. */
export function aliased<C extends MappedClass>(cls: C, options: { name?: string } = {}): Aliased<C> {
  const mapper = mapperFor(cls);
  return new AliasedEntity(mapper, aliasSelectable(mapper, options.name ?? null)) as unknown as Aliased<C>;
}

/** The mapper of an entity in a select list: a model class or an aliased one. */
export function entityMapper(entity: unknown): Mapper {
  return entity instanceof AliasedEntity ? entity._mapper : mapperFor(entity);
}
