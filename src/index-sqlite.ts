/**
 * The SQLite dialect alone (`alkahest/dialects/sqlite`): importing it registers the name
 * `"sqlite"` for `stmt.compile({ dialect: "sqlite" })` and `createEngine(url)`. The libsql and d1
 * adapters import it, so a Worker that uses one of them bundles this compiler and no other
 * (docs/DECISIONS.md "Dialect registration").
 * @module
 */
import { registerDialect } from "./sql/compiled.js";
import { SQLiteDialect } from "./dialects/sqlite/dialect.js";

registerDialect("sqlite", () => new SQLiteDialect());

export { SQLiteDialect };
