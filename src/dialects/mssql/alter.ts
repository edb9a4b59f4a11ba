/**
 * SQL Server ALTER for migrations: `ALTER TABLE t ADD col`, `ALTER COLUMN col type [NOT] NULL`
 * (the type is required: new or `existingType`), defaults as named-or-anonymous DEFAULT constraints
 * (`ADD DEFAULT x FOR col`; dropping looks the constraint name up in `sys.default_constraints`, as
 * Alembic does), renames through `sp_rename`, `DROP INDEX name ON table`.
 * @module
 */
import { CompileError } from "../../errors.js";
import { AlterCompiler, type AlterColumnChanges } from "../base/alter.js";

export class MSSQLAlterCompiler extends AlterCompiler {
  protected override addColumnKeyword(): string {
    return "ADD";
  }

  override alterColumn(table: string, column: string, c: AlterColumnChanges, schema?: string): string[] {
    const t = `ALTER TABLE ${this.table(table, schema)}`;
    const col = this.q(column);
    const out: string[] = [];
    if (c.type !== undefined || c.nullable !== undefined) {
      const type = c.type ?? c.existingType;
      if (!type) {
        throw new CompileError(
          `mssql restates the type to change nullability (ALTER COLUMN col type NULL): op.alterColumn(${JSON.stringify(table)}, ${JSON.stringify(column)}, ...) needs existingType`,
        );
      }
      const nullable = c.nullable ?? c.existingNullable;
      out.push(`${t} ALTER COLUMN ${col} ${this.typeName(type)}${nullable === undefined ? "" : nullable ? " NULL" : " NOT NULL"}`);
    }
    if (c.serverDefault !== undefined) {
      if (c.existingServerDefault !== undefined || c.serverDefault === null) out.push(this.dropDefault(table, column, schema));
      if (c.serverDefault !== null) out.push(`${t} ADD DEFAULT ${this.defaultValue(c.serverDefault)} FOR ${col}`);
    }
    if (c.newColumnName !== undefined && c.newColumnName !== column) out.push(this.renameColumn(table, column, c.newColumnName, schema));
    return out;
  }

  /** Drops a column's DEFAULT constraint whatever its generated name. */
  private dropDefault(table: string, column: string, schema?: string): string {
    const full = this.literal(schema ? `${schema}.${table}` : table);
    return (
      `DECLARE @const_name varchar(256)\n` +
      `SELECT @const_name = [name] FROM sys.default_constraints\n` +
      `WHERE parent_object_id = object_id(${full})\n` +
      `AND col_name(parent_object_id, parent_column_id) = ${this.literal(column)}\n` +
      `EXEC('ALTER TABLE ${this.table(table, schema).replace(/'/g, "''")} DROP CONSTRAINT ' + @const_name)`
    );
  }

  override renameColumn(table: string, column: string, newName: string, schema?: string): string {
    const full = schema ? `${schema}.${table}.${column}` : `${table}.${column}`;
    return `EXEC sp_rename ${this.literal(full)}, ${this.literal(newName)}, 'COLUMN'`;
  }

  override renameTable(oldName: string, newName: string, schema?: string): string {
    return `EXEC sp_rename ${this.literal(schema ? `${schema}.${oldName}` : oldName)}, ${this.literal(newName)}`;
  }

  override dropIndex(name: string, table?: string, schema?: string): string {
    if (!table) throw new CompileError(`mssql: op.dropIndex(${JSON.stringify(name)}, table) needs the table name (DROP INDEX name ON table)`);
    return `DROP INDEX ${this.q(name)} ON ${this.table(table, schema)}`;
  }
}
