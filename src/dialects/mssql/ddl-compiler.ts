import type { DropIndex } from "../../sql/ddl/ddl.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { ForeignKeyOptions } from "../../sql/schema/foreign-key.js";
import { CompileError } from "../../errors.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

/** SQL Server: IDENTITY keys, `DROP INDEX name ON table`, no DEFERRABLE constraints. */
export class MSSQLDDLCompiler extends DDLCompiler {
  protected override columnSuffix(c: ColumnImpl): string {
    return c.isAutoincrement ? " IDENTITY" : "";
  }
  override dropIndex(di: DropIndex): string {
    const t = this.indexTable(di.index.name, di.index.table as unknown as TableImpl | null);
    return `DROP INDEX ${di.options.ifExists ? "IF EXISTS " : ""}${this.q(di.index.name)} ON ${this.tableName(t)}`;
  }
  protected override deferrableClause(options: ForeignKeyOptions): string {
    if (options.deferrable || options.initially) throw new CompileError("mssql has no DEFERRABLE constraints");
    return "";
  }
}
