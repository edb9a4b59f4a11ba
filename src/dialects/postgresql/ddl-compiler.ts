import type { ColumnImpl } from "../../sql/schema/column.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

export class PGDDLCompiler extends DDLCompiler {
  protected override columnType(c: ColumnImpl): string {
    if (c.isAutoincrement && c.serverDefault === undefined) {
      const k = c.type.kind;
      return k === "bigint" ? "BIGSERIAL" : k === "smallint" ? "SMALLSERIAL" : "SERIAL";
    }
    return super.columnType(c);
  }
}
