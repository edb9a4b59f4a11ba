import type { ColumnImpl } from "../../sql/schema/column.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

export class SQLiteDDLCompiler extends DDLCompiler {
  protected override columnType(c: ColumnImpl): string {
    // only a column declared exactly INTEGER PRIMARY KEY is the autoincrementing rowid alias
    if (c.isAutoincrement) return "INTEGER";
    return super.columnType(c);
  }
}
