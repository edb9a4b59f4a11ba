import type { DropIndex } from "../../sql/ddl/ddl.js";
import type { DropConstraint } from "../../sql/ddl/ddl.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

export class MySQLDDLCompiler extends DDLCompiler {
  protected override columnSuffix(c: ColumnImpl): string {
    let s = c.isAutoincrement ? " AUTO_INCREMENT" : "";
    if (c.comment) s += ` COMMENT ${this.sql.renderStringLiteral(c.comment)}`;
    return s;
  }
  protected override tableSuffix(t: TableImpl): string {
    return t.comment ? ` COMMENT ${this.sql.renderStringLiteral(t.comment)}` : "";
  }
  override dropIndex(di: DropIndex): string {
    const t = di.index.table as unknown as TableImpl;
    return `DROP INDEX ${this.q(di.index.name)} ON ${this.tableName(t)}`;
  }
  override dropConstraint(dc: DropConstraint): string {
    const kind = dc.constraintType === "foreignKey" ? "FOREIGN KEY" : dc.constraintType === "unique" ? "INDEX" : dc.constraintType === "check" ? "CHECK" : "CONSTRAINT";
    return `ALTER TABLE ${this.tableName(dc.table)} DROP ${kind} ${this.q(dc.name)}`;
  }
}
