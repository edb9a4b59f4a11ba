/**
 * MySQL 8 and MariaDB: `?` placeholders, backtick quoting, 0/1 booleans, `concat()`,
 * ON DUPLICATE KEY UPDATE. The `mariadb` variant adds RETURNING for INSERT and DELETE.
 */
import { BaseDialect, type ParamStyle } from "../base/dialect.js";
import { COMMON_RESERVED, IdentifierPreparer } from "../base/identifier-preparer.js";
import { MySQLCompiler } from "./compiler.js";
import { MySQLDDLCompiler } from "./ddl-compiler.js";
import { MySQLTypeCompiler } from "./type-compiler.js";

const MYSQL_RESERVED = new Set([
  ...COMMON_RESERVED,
  ..."accessible change condition databases day_hour delayed div dual enclosed escaped explain float4 float8 high_priority hour_minute ignore int1 int2 int3 int4 int8 interval keys kill lines load lock long low_priority maxvalue minute_second mod modifies no_write_to_binlog optimize optionally outfile purge range read reads release repeat require restrict rlike schema schemas separator show spatial sql_big_result ssl starting straight_join terminated tinyint trigger undo unlock unsigned usage utc_date varcharacter while write xor year_month zerofill".split(
    " ",
  ),
]);

export class MySQLDialect extends BaseDialect {
  override name = "mysql";
  override paramstyle: ParamStyle = "qmark";
  override supportsNativeBoolean = false;
  override supportsNullsOrdering = false;
  override supportsFullOuterJoin = false;
  override supportsOnConflict = false;
  override supportsOnConflictConstraint = false;
  override supportsDistinctOn = false;
  override supportsFunctionFilter = false;
  override supportsDeleteUsing = true;
  override supportsUpdateFrom = true;
  override transactionalDdl = false;
  override maxParams = 65_535;
  override returningFor: ReadonlySet<"insert" | "update" | "delete"> = new Set();
  protected override StatementCompiler = MySQLCompiler;
  protected override DDL = MySQLDDLCompiler;
  override beginSQL(): string {
    return "START TRANSACTION";
  }
  override tableNamesSQL(): string {
    return "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";
  }
  protected override createPreparer(): IdentifierPreparer {
    return new IdentifierPreparer("`", "`", MYSQL_RESERVED, 64);
  }
  /** MariaDB is told apart from MySQL by its version string on the first connection. */
  override firstConnectSQL(): string | null {
    return this.name === "mysql" ? "SELECT VERSION()" : null;
  }
  override onFirstConnect(value: unknown): { dialect: BaseDialect; note: string } | null {
    const version = String(value ?? "");
    return /mariadb/i.test(version) ? { dialect: new MariaDBDialect(), note: `server is ${version}: using the mariadb dialect (RETURNING on INSERT and DELETE)` } : null;
  }
  protected override createTypeCompiler(): MySQLTypeCompiler {
    return new MySQLTypeCompiler("mysql");
  }
}

/** MariaDB 10.5+: MySQL's dialect plus RETURNING on INSERT and DELETE. */
export class MariaDBDialect extends MySQLDialect {
  override name = "mariadb";
  override returningFor: ReadonlySet<"insert" | "update" | "delete"> = new Set(["insert", "delete"]);
}
