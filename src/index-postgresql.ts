/**
 * The PostgreSQL dialect alone (`alkahest/dialects/postgresql`): importing it registers the name
 * `"postgresql"` for `stmt.compile({ dialect: "postgresql" })` and `createEngine(url)`. The pg,
 * neon-http and neon-ws adapters import it, so a Worker that uses one of them bundles this compiler
 * and no other (docs/DECISIONS.md "Dialect registration").
 * @module
 */
import { registerDialect } from "./sql/compiled.js";
import { PostgreSQLDialect } from "./dialects/postgresql/dialect.js";

registerDialect("postgresql", () => new PostgreSQLDialect());

export { PostgreSQLDialect };
