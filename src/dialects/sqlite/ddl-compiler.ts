import type { ColumnImpl } from "../../sql/schema/column.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

/**
 * SQLite: an autoincrementing key is declared `INTEGER` with `PRIMARY KEY (id)`, which makes it
 * the rowid alias (a table-level PRIMARY KEY on one column declared exactly INTEGER counts, as in
 * SQLAlchemy's output). Non-literal server defaults are parenthesised (`DEFAULT (CURRENT_TIMESTAMP)`),
 * which SQLite requires for expressions. There is no ALTER TABLE ADD/DROP CONSTRAINT: foreign keys
 * (even `useAlter` ones and those closing a cycle) stay inline, which is fine because SQLite does
 * not check a foreign key's target when the table is created.
 */
export class SQLiteDDLCompiler extends DDLCompiler {
  override get supportsAlterConstraint(): boolean {
    return false;
  }
  protected override columnType(c: ColumnImpl): string {
    // only a column declared exactly INTEGER PRIMARY KEY is the autoincrementing rowid alias
    if (c.isAutoincrement) return "INTEGER";
    return super.columnType(c);
  }
  protected override defaultClause(c: ColumnImpl): string | null {
    const d = c.serverDefault;
    if (d === undefined || typeof d === "string") return super.defaultClause(c);
    return `(${this.renderExpression(d)})`;
  }
}
