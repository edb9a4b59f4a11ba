/** SQLite (libsql, D1): `?` placeholders, 0/1 booleans, RETURNING (3.35+), ON CONFLICT, UPDATE ... FROM (3.33+). */
import { BaseDialect, type ParamStyle } from "../base/dialect.js";
import { COMMON_RESERVED, IdentifierPreparer } from "../base/identifier-preparer.js";
import { SQLiteCompiler } from "./compiler.js";
import { SQLiteDDLCompiler } from "./ddl-compiler.js";
import { SQLiteTypeCompiler } from "./type-compiler.js";

export class SQLiteDialect extends BaseDialect {
  override name = "sqlite";
  override paramstyle: ParamStyle = "qmark";
  override supportsNativeBoolean = false;
  override supportsIntersectExceptAll = false;
  override supportsFunctionFilter = true;
  override supportsDeleteUsing = false;
  override supportsOnConflict = true;
  override supportsOnConflictConstraint = false;
  override supportsDistinctOn = false;
  override maxParams = 32_766;
  protected override StatementCompiler = SQLiteCompiler;
  protected override DDL = SQLiteDDLCompiler;
  override tableNamesSQL(): string {
    return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
  }
  protected override createPreparer(): IdentifierPreparer {
    return new IdentifierPreparer('"', '"', COMMON_RESERVED, 0);
  }
  protected override createTypeCompiler(): SQLiteTypeCompiler {
    return new SQLiteTypeCompiler("sqlite");
  }
}
