/**
 * `alkahest/migrate`: Alembic's workflow for alkahest. Migration scripts use `op` (or the `op`
 * parameter of `upgrade(op)`) and `sa` (the Core namespace: types, `Column`, `text`, `func`, ...);
 * `Migrator` runs them against an engine or renders offline SQL. Runs unchanged in Workers: the
 * file-system pieces (CLI, file source, config) are in `alkahest/migrate/node`.
 *
 * ```ts
 * import { Migrator } from "alkahest/migrate";
 * import * as m1 from "./migrations/versions/1a2b3c4d5e6f_create_users.js";
 * await new Migrator({ engine, migrations: [m1] }).upgrade("heads");
 * ```
 * @module
 */
export { sa } from "./sa.js";
export { op } from "./operations/proxy.js";
export { Operations, type AlterColumnOptions } from "./operations/operations.js";
export { table, column } from "./operations/lightweight.js";
export { Migrator, MigrationFailedError, type MigratorOptions, type MigrationProgress, type Direction } from "./runner.js";
export { RevisionGraph, RevisionError, MULTIPLE_HEADS_MESSAGE } from "./graph.js";
export { Revision, type MigrationModule, type RevisionRef } from "./revision.js";
export { VersionTable, DEFAULT_VERSION_TABLE } from "./version-table.js";
export { BundledMigrationSource } from "./bundled-source.js";
export type { MigrationSource, LoadedMigration } from "./migration-source.js";
export type { OpContext, ContextMode } from "./context.js";
export type { ConstraintKind, ForeignKeyAlterOptions, ServerDefaultArg } from "../dialects/alter.js";
export { compareMetadata, compareSnapshot, renderMigration, type AutogenerateObject, type CompareOptions, type RenderMigrationOptions } from "./autogenerate/index.js";
