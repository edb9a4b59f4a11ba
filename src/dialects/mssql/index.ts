/** @module The SQL Server dialect (compiled only; not verified against a live server here). */
export { MSSQLDialect } from "./dialect.js";
export { MSSQLCompiler } from "./compiler.js";
export { MSSQLDDLCompiler } from "./ddl-compiler.js";
export { MSSQLTypeCompiler } from "./type-compiler.js";
