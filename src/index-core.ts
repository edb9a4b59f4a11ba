/**
 * alkahest Core without the built-in dialect registry: the entry that Workers bundles get (the
 * `workerd` / `worker` export conditions of `alkahest`). It exports exactly what `src/index.ts`
 * exports; the only difference is that importing it registers no SQL dialect but the generic
 * `default` one (used by `String(stmt)`). A dialect's name is registered by its entry point
 * `src/index-<dialect>.ts` (`alkahest/dialects/<dialect>`), which each adapter imports, so a Worker
 * bundles the one compiler its adapter speaks (docs/DECISIONS.md "Dialect registration").
 * Its `createEngine` has the same signature; its default pool never is a QueuePool, which a Worker
 * bundle then leaves out (`src/engine/create-engine-workers.ts`; docs/DECISIONS.md "Workers
 * default pool"); `src/index.ts` re-exports the Node `createEngine` over it.
 * @module
 */
import { registerDialect } from "./sql/compiled.js";
import { BaseDialect } from "./dialects/base/dialect.js";

registerDialect("default", () => new BaseDialect());

export * from "./sql/index.js";
export * from "./errors.js";
export * from "./engine/index.js";
// shadows the `createEngine` of engine/index.js (an explicit export wins over `export *`)
export { createEngine } from "./engine/create-engine-workers.js";
export { event, type ListenOptions } from "./event.js";
export { BaseDialect };
export { PostgreSQLDialect } from "./dialects/postgresql/dialect.js";
export { MySQLDialect, MariaDBDialect } from "./dialects/mysql/dialect.js";
export { SQLiteDialect } from "./dialects/sqlite/dialect.js";
export { MSSQLDialect } from "./dialects/mssql/dialect.js";
