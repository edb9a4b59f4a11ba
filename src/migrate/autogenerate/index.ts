/**
 * Autogenerate: compare a database with a MetaData and render a migration script.
 *
 * @example
 * ```ts
 * import { inspect } from "alkahest";
 * import { compareMetadata, renderMigration } from "alkahest/migrate";
 * const ops = await compareMetadata(inspect(engine), Base.metadata, { compareType: true });
 * const source = renderMigration({ revision: "ae1027a6acf", downRevision: null, message: "add users", ops });
 * ```
 * @module
 */
export { compareMetadata, compareSnapshot, VERSION_TABLE, type AutogenerateObject, type CompareOptions } from "./compare.js";
export { typesDiffer, defaultsDiffer, normalizeDefault } from "./compare-types.js";
export { renderMigration, type RenderMigrationOptions } from "./render.js";
export { lit, renderType } from "./render-types.js";
export {
  tableDefFromMetadata,
  tableDefFromReflection,
  type DiffOp,
  type TableDef,
  type ColumnDef,
  type ForeignKeyDef,
  type IndexDef,
  type UniqueDef,
  type CheckDef,
  type PrimaryKeyDef,
  type ServerDefaultDef,
} from "./model.js";
