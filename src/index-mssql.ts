/**
 * The SQL Server dialect alone (`alkahest/dialects/mssql`): importing it registers the name
 * `"mssql"` for `stmt.compile({ dialect: "mssql" })` and `createEngine(url)`. The tedious adapter
 * imports it, so a bundle that uses it holds this compiler and no other (docs/DECISIONS.md
 * "Dialect registration").
 * @module
 */
import { registerDialect } from "./sql/compiled.js";
import { MSSQLDialect } from "./dialects/mssql/dialect.js";

registerDialect("mssql", () => new MSSQLDialect());

export { MSSQLDialect };
