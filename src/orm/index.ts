/**
 * @module alkahest/orm: declarative models, the Session with its identity map and unit of work.
 *
 * ```ts
 * const Base = declarativeBase();
 * class User extends Base.model("users", {
 *   id: mappedColumn(Integer, { primaryKey: true }),
 *   username: mappedColumn(String(50), { unique: true }),
 *   posts: relationship<Post[]>("Post", { backPopulates: "author" }),
 * }) {
 *   static { Base.register(this); }   // THE way to register a model class
 * }
 * ```
 */
export { declarativeBase, mapperFor, type DeclarativeBase, type DeclarativeBaseOptions, type ModelOptions, type SubclassOptions } from "./mapping/declarative.js";
export type { InheritanceKind } from "./mapping/inheritance.js";
export { withPolymorphic, WithPolymorphic } from "./loading/polymorphic.js";
export { mappedColumn, MappedColumnProp, type MappedColumnOptions, type MappedValue } from "./mapping/mapped-column.js";
export { relationship, RelationshipProp, RelationshipAttribute, type RelationshipOptions, type Cascade, type JoinColumns } from "./mapping/relationship.js";
export { ColumnAttribute } from "./mapping/column-attribute.js";
export { Mapper, type MapperArgs, type MapperEventMap } from "./mapping/mapper.js";
export { Registry } from "./mapping/registry.js";
export type { SubclassModel, SubclassMethod } from "./mapping/model-types.js";
export type { ModelClass, ModelProps, ModelAttributes, ModelInit, ModelInstance, ModelStatics, MappedClass, AwaitableAttrs } from "./mapping/model-types.js";
export { snakeCase } from "./mapping/naming.js";
export {
  DetachedInstanceError,
  LazyLoadError,
  NoResultFound,
  MultipleResultsFound,
  PendingRollbackError,
  StaleDataError,
  InvalidRequestError,
} from "../errors.js";
export { Session, type SessionOptions, type SessionEventMap } from "./session/session.js";
export type { SessionSavepoint } from "./session/session-transaction.js";
export { PendingScalars } from "./session/pending-result.js";
export type { SynchronizeSession, SessionExecuteOptions } from "./session/orm-dml.js";
export { UnevaluatableError } from "./session/dml-evaluate.js";
export { IllegalStateChangeError } from "./session/errors.js";
export { CircularDependencyError } from "./unit-of-work/post-update.js";
export { sessionmaker, scopedSession, type SessionFactory, type ScopedSession } from "./session/sessionmaker.js";
export { NO_VALUE, type Status } from "./session/instance-state.js";
export { inspectState } from "./session/inspect.js";
export {
  selectinload,
  joinedload,
  subqueryload,
  lazyload,
  raiseload,
  noload,
  defaultload,
  containsEager,
  Load,
  type Strategy,
  type RelationshipArg,
} from "./loading/options.js";
export { aliased, AliasedEntity, type Aliased } from "./mapping/aliased.js";
export { RelationshipPath } from "./mapping/relationship-path.js";
export { OrmResult } from "./loading/orm-result.js";
export type { LazyStrategy } from "./mapping/relationship.js";
