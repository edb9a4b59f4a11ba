/**
 * @module The engine: `createEngine`, `Engine`, `Connection`, transactions, `Result` and `Row`.
 */
export { createEngine, type EngineOptions } from "./create-engine.js";
export { Engine, type EngineEventMap } from "./engine.js";
export { Connection, type ExecuteParams, type ExecuteOptions } from "./connection.js";
export { RootTransaction, NestedTransaction, type Transaction } from "./transaction.js";
export { Result, ScalarResult } from "./result.js";
export type { Row } from "./row.js";
export { parseURL, renderURL, type DatabaseURL } from "./url.js";
export type { Logger } from "./logging.js";
export { inspect, Inspector, type InspectBind, type InspectOptions, type SnapshotOptions } from "./inspect.js";
export { reflectMetaData, reflectTable, tableFromReflection, type ReflectOptions } from "./reflect-metadata.js";
export type {
  DatabaseSnapshot,
  ReflectedColumn,
  ReflectedPrimaryKey,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedUniqueConstraint,
  ReflectedCheckConstraint,
  ReflectedTable,
} from "../dialects/base/reflection.js";
export { asyncLocalStorage, type AsyncLocalStorageClass, type AsyncLocalStorageLike } from "./runtime.js";
