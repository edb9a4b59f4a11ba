/**
 * SQLite ALTER for migrations. SQLite can ADD COLUMN, DROP COLUMN (3.35+), RENAME COLUMN (3.25+)
 * and RENAME TO; anything else — a column's type, nullability or default, adding or dropping a
 * constraint — goes through Alembic's batch mode: the table is recreated from its stored
 * definition with the change, rows are copied, the old table is dropped and the copy renamed
 * (see `./batch.ts`). {@link SQLiteAlterCompiler.needsBatch} tells the migration layer which.
 * @module
 */
import type { ColumnImpl } from "../../sql/schema/column.js";
import { AlterCompiler, type AlterColumnChanges, type BatchChange } from "../base/alter.js";

export class SQLiteAlterCompiler extends AlterCompiler {
  override needsBatch(change: BatchChange): boolean {
    if (change.kind !== "alterColumn") return true;
    const c = change.changes;
    return c.type !== undefined || c.nullable !== undefined || c.serverDefault !== undefined;
  }

  /** ADD COLUMN with its foreign keys inline (`REFERENCES t (c)`): SQLite has no ADD CONSTRAINT. */
  override addColumn(table: string, column: ColumnImpl, schema?: string): string[] {
    let spec = this.ddl.columnSpec(column);
    for (const fk of column.foreignKeys) {
      spec += ` REFERENCES ${this.q(fk.targetTableName)} (${this.q(fk.targetColumnName)})`;
      if (fk.options.ondelete) spec += ` ON DELETE ${fk.options.ondelete}`;
      if (fk.options.onupdate) spec += ` ON UPDATE ${fk.options.onupdate}`;
    }
    return [`ALTER TABLE ${this.table(table, schema)} ADD COLUMN ${spec}`];
  }

  /** Only the rename is native; the rest is done by the batch table copy. */
  override alterColumn(table: string, column: string, c: AlterColumnChanges, schema?: string): string[] {
    if (c.newColumnName !== undefined && c.newColumnName !== column) return [this.renameColumn(table, column, c.newColumnName, schema)];
    return [];
  }
}
