/** @module The SQLite dialect (libsql, D1). */
export { SQLiteDialect } from "./dialect.js";
export { SQLiteCompiler } from "./compiler.js";
export { SQLiteDDLCompiler } from "./ddl-compiler.js";
export { SQLiteTypeCompiler } from "./type-compiler.js";
