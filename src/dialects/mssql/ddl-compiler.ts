import type { DropIndex } from "../../sql/ddl/ddl.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

export class MSSQLDDLCompiler extends DDLCompiler {
  protected override columnSuffix(c: ColumnImpl): string {
    return c.isAutoincrement ? " IDENTITY" : "";
  }
  override dropIndex(di: DropIndex): string {
    const t = di.index.table as unknown as TableImpl;
    return `DROP INDEX ${di.options.ifExists ? "IF EXISTS " : ""}${this.q(di.index.name)} ON ${this.tableName(t)}`;
  }
}
