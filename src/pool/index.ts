/**
 * Connection pools, SQLAlchemy-shaped: `QueuePool`, `NullPool`, `StaticPool`, `AssertionPool`, and
 * the per-runtime default. This layer imports only the driver contract (`engine/driver.ts`) and
 * `errors.ts`.
 * @module
 */
export { Pool, type PoolOptions, type PoolTimer, type PoolLogger, type ResetOnReturn } from "./pool.js";
export { QueuePool, type QueuePoolOptions } from "./queue-pool.js";
export { NullPool, type NullPoolOptions } from "./null-pool.js";
export { StaticPool, type StaticPoolOptions } from "./static-pool.js";
export { AssertionPool, type AssertionPoolOptions } from "./assertion-pool.js";
export { PooledConnection, type InvalidateOptions } from "./pooled-connection.js";
export type { ConnectionRecord } from "./connection-record.js";
export type { PoolEventMap, PoolEventName } from "./events.js";
export { defaultPoolClassFor, type DefaultPoolChoice, type DefaultPoolInput, type PoolRuntime } from "./default-pool.js";
