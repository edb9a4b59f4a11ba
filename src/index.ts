/**
 * alkahest: SQLAlchemy 2.0 for TypeScript. The Core entry point: schema, types, the expression
 * language, compilation per dialect, errors.
 * @module
 */
import { registerBuiltinDialects } from "./dialects/index.js";

registerBuiltinDialects();

export * from "./sql/index.js";
export * from "./errors.js";
export * from "./engine/index.js";
export { event, type ListenOptions } from "./event.js";
export { BaseDialect } from "./dialects/base/dialect.js";
export { PostgreSQLDialect } from "./dialects/postgresql/dialect.js";
export { MySQLDialect, MariaDBDialect } from "./dialects/mysql/dialect.js";
export { SQLiteDialect } from "./dialects/sqlite/dialect.js";
export { MSSQLDialect } from "./dialects/mssql/dialect.js";
