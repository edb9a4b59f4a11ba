/** @module The MySQL / MariaDB dialect. */
export { MySQLDialect, MariaDBDialect } from "./dialect.js";
export { MySQLCompiler } from "./compiler.js";
export { MySQLDDLCompiler } from "./ddl-compiler.js";
export { MySQLTypeCompiler } from "./type-compiler.js";
