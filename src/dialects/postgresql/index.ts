/** @module The PostgreSQL dialect. */
export { PostgreSQLDialect } from "./dialect.js";
export { PGCompiler } from "./compiler.js";
export { PGDDLCompiler } from "./ddl-compiler.js";
export { PGTypeCompiler } from "./type-compiler.js";
