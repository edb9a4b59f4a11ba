/**
 * SQL Server (tedious): `@p1` placeholders, `[name]` quoting, BIT booleans, TOP / OFFSET ... FETCH,
 * OUTPUT INSERTED/DELETED. Compiled and tested as SQL text only here: no SQL Server runs on this
 * project's machines.
 */
import { BaseDialect, type ParamStyle } from "../base/dialect.js";
import { COMMON_RESERVED, IdentifierPreparer } from "../base/identifier-preparer.js";
import { MSSQLCompiler } from "./compiler.js";
import { MSSQLDDLCompiler } from "./ddl-compiler.js";
import { MSSQLTypeCompiler } from "./type-compiler.js";

const MSSQL_RESERVED = new Set([
  ...COMMON_RESERVED,
  ..."backup begin break browse bulk cascade checkpoint close clustered coalesce commit compute contains containstable continue convert dbcc deallocate declare deny disk distributed double dump errlvl escape exec execute exit file fillfactor freetext freetexttable function goto holdlock identity identity_insert identitycol if kill lineno load merge national nocheck nonclustered nullif of off offsets open opendatasource openquery openrowset openxml option percent pivot plan precision print proc procedure public raiserror read readtext reconfigure replication restore restrict return revert revoke rollback rowcount rowguidcol rule save securityaudit semantickeyphrasetable shutdown statistics system_user textsize tran transaction trigger truncate try_convert tsequal unpivot updatetext use varying waitfor while writetext".split(
    " ",
  ),
]);

export class MSSQLDialect extends BaseDialect {
  override name = "mssql";
  override paramstyle: ParamStyle = "at_p";
  override supportsNativeBoolean = false;
  override supportsNativeUuid = true;
  override booleanNeedsComparison = true;
  override supportsNullsOrdering = false;
  override supportsIntersectExceptAll = false;
  override supportsOnConflict = false;
  override supportsOnConflictConstraint = false;
  override supportsDistinctOn = false;
  override supportsFunctionFilter = false;
  override supportsDeleteUsing = true;
  override maxRowsPerInsert = 1000;
  override maxParams = 2_099;
  protected override StatementCompiler = MSSQLCompiler;
  protected override DDL = MSSQLDDLCompiler;
  override beginSQL(): string {
    return "BEGIN TRANSACTION";
  }
  override commitSQL(): string {
    return "COMMIT TRANSACTION";
  }
  override rollbackSQL(): string {
    return "ROLLBACK TRANSACTION";
  }
  override savepointSQL(name: string): string {
    return `SAVE TRANSACTION ${this.preparer.quote(name)}`;
  }
  override releaseSavepointSQL(): null {
    return null;
  }
  override rollbackToSavepointSQL(name: string): string {
    return `ROLLBACK TRANSACTION ${this.preparer.quote(name)}`;
  }
  override tableNamesSQL(): string {
    return "SELECT table_name FROM information_schema.tables WHERE table_schema = SCHEMA_NAME() AND table_type = 'BASE TABLE'";
  }
  protected override createPreparer(): IdentifierPreparer {
    return new IdentifierPreparer("[", "]", MSSQL_RESERVED, 128);
  }
  protected override createTypeCompiler(): MSSQLTypeCompiler {
    return new MSSQLTypeCompiler("mssql");
  }
}
