/**
 * The dialect registry: names to dialect classes. `registerBuiltinDialects()` makes the four
 * built-in dialects (and the `mariadb` variant and the generic `default` used by `String(stmt)`)
 * available to `stmt.compile({ dialect: "<name>" })`. Oracle is not in scope yet; a new dialect is a
 * folder with the same file set plus one line here.
 * @module
 */
import { registerDialect } from "../sql/compiled.js";
import { BaseDialect } from "./base/dialect.js";
import { MSSQLDialect } from "./mssql/dialect.js";
import { MariaDBDialect, MySQLDialect } from "./mysql/dialect.js";
import { PostgreSQLDialect } from "./postgresql/dialect.js";
import { SQLiteDialect } from "./sqlite/dialect.js";

export const BUILTIN_DIALECTS = {
  default: BaseDialect,
  postgresql: PostgreSQLDialect,
  mysql: MySQLDialect,
  mariadb: MariaDBDialect,
  sqlite: SQLiteDialect,
  mssql: MSSQLDialect,
} as const;

export type DialectName = keyof typeof BUILTIN_DIALECTS;

export function registerBuiltinDialects(): void {
  for (const [name, D] of Object.entries(BUILTIN_DIALECTS)) registerDialect(name, () => new D());
}

export { BaseDialect };
