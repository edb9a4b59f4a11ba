import type { DropConstraint, DropIndex } from "../../sql/ddl/ddl.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { EnumType } from "../../sql/types/string.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

/**
 * MySQL: AUTO_INCREMENT, inline column and table COMMENTs, inline ENUM(...), `DROP INDEX name ON
 * table`, and `DROP FOREIGN KEY` / `DROP INDEX` (unique) / `DROP CHECK` for constraints.
 */
export class MySQLDDLCompiler extends DDLCompiler {
  protected override nativeEnum(_type: EnumType): boolean {
    return true;
  }
  protected override columnType(c: ColumnImpl): string {
    if (c.type.kind === "enum") {
      // values rendered by the statement compiler's literal rules (escaping, NUL refused)
      return `ENUM(${(c.type as EnumType).values.map((v) => this.literal(v)).join(", ")})`;
    }
    return super.columnType(c);
  }
  /**
   * `func.now()` / `func.current_timestamp()` on a DATETIME(6) column must carry the same precision
   * (`CURRENT_TIMESTAMP(6)`); other expression defaults are parenthesised (MySQL 8.0.13+). A
   * `text(...)` default is written as given.
   */
  protected override defaultClause(c: ColumnImpl): string | null {
    const d = c.serverDefault;
    if (d === undefined || typeof d === "string") return super.defaultClause(c);
    if (d.kind === "function") {
      const f = d as unknown as { name: string; args: readonly unknown[] };
      const n = f.name.toLowerCase();
      if ((n === "now" || n === "current_timestamp") && f.args.length === 0) {
        return c.type.kind === "datetime" ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP";
      }
    }
    if (d.kind === "textClause") return this.renderExpression(d);
    return `(${this.renderExpression(d)})`;
  }
  protected override columnSuffix(c: ColumnImpl): string {
    let s = c.isAutoincrement ? " AUTO_INCREMENT" : "";
    if (c.comment !== undefined) s += ` COMMENT ${this.literal(c.comment)}`;
    return s;
  }
  protected override tableSuffix(t: TableImpl): string {
    return t.comment !== undefined ? ` COMMENT=${this.literal(t.comment)}` : "";
  }
  override dropIndex(di: DropIndex): string {
    const t = this.indexTable(di.index.name, di.index.table as unknown as TableImpl | null);
    return `DROP INDEX ${this.q(di.index.name)} ON ${this.tableName(t)}`;
  }
  override dropConstraint(dc: DropConstraint): string {
    const kind = dc.constraintType === "foreignKey" ? "FOREIGN KEY" : dc.constraintType === "unique" ? "INDEX" : dc.constraintType === "check" ? "CHECK" : dc.constraintType === "primaryKey" ? "PRIMARY KEY" : "CONSTRAINT";
    if (dc.constraintType === "primaryKey") return `ALTER TABLE ${this.tableName(dc.table)} DROP PRIMARY KEY`;
    return `ALTER TABLE ${this.tableName(dc.table)} DROP ${kind} ${this.q(dc.name)}`;
  }
}
