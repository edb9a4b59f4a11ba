/**
 * The MySQL and MariaDB dialects alone (`alkahest/dialects/mysql`): importing it registers the
 * names `"mysql"` and `"mariadb"` for `stmt.compile({ dialect })` and `createEngine(url)`. The
 * mysql2 and planetscale adapters import it, so a Worker that uses one of them bundles this
 * compiler and no other (docs/DECISIONS.md "Dialect registration").
 * @module
 */
import { registerDialect } from "./sql/compiled.js";
import { MariaDBDialect, MySQLDialect } from "./dialects/mysql/dialect.js";

registerDialect("mysql", () => new MySQLDialect());
registerDialect("mariadb", () => new MariaDBDialect());

export { MySQLDialect, MariaDBDialect };
