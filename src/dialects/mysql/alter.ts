/**
 * MySQL / MariaDB ALTER for migrations. A column is changed by restating it whole: `MODIFY COLUMN`
 * (same name) or `CHANGE COLUMN old new` (rename), which needs the column's type — the new one or
 * `existingType` — plus nullability and default (new or existing). A change of only the server
 * default uses `ALTER COLUMN ... SET/DROP DEFAULT`. Constraints are dropped by kind
 * (`DROP FOREIGN KEY`, `DROP INDEX` for unique, `DROP CHECK`).
 * @module
 */
import { CompileError } from "../../errors.js";
import { AlterCompiler, type AlterColumnChanges, type ConstraintKind } from "../base/alter.js";

export class MySQLAlterCompiler extends AlterCompiler {
  override alterColumn(table: string, column: string, c: AlterColumnChanges, schema?: string): string[] {
    const t = `ALTER TABLE ${this.table(table, schema)}`;
    const rename = c.newColumnName !== undefined && c.newColumnName !== column;
    if (c.type === undefined && c.nullable === undefined && !rename) {
      if (c.serverDefault === undefined) return [];
      return [
        c.serverDefault === null
          ? `${t} ALTER COLUMN ${this.q(column)} DROP DEFAULT`
          : `${t} ALTER COLUMN ${this.q(column)} SET DEFAULT ${this.defaultValue(c.serverDefault)}`,
      ];
    }
    const type = c.type ?? c.existingType;
    if (!type) {
      throw new CompileError(
        `${this.dialect.name} restates the whole column to change it (MODIFY/CHANGE COLUMN): ` +
          `op.alterColumn(${JSON.stringify(table)}, ${JSON.stringify(column)}, ...) needs existingType when the type does not change`,
      );
    }
    const nullable = c.nullable ?? c.existingNullable ?? true;
    const def = c.serverDefault !== undefined ? c.serverDefault : (c.existingServerDefault ?? null);
    let spec = this.typeName(type);
    spec += nullable ? " NULL" : " NOT NULL";
    if (def !== null) spec += ` DEFAULT ${this.defaultValue(def)}`;
    return [rename ? `${t} CHANGE COLUMN ${this.q(column)} ${this.q(c.newColumnName!)} ${spec}` : `${t} MODIFY COLUMN ${this.q(column)} ${spec}`];
  }

  override dropIndex(name: string, table?: string, schema?: string): string {
    if (!table) throw new CompileError(`${this.dialect.name}: op.dropIndex(${JSON.stringify(name)}, table) needs the table name (DROP INDEX name ON table)`);
    return `DROP INDEX ${this.q(name)} ON ${this.table(table, schema)}`;
  }

  override dropConstraint(name: string, table: string, kind: ConstraintKind | undefined, schema?: string): string {
    const t = `ALTER TABLE ${this.table(table, schema)}`;
    switch (kind) {
      case "foreignkey":
        return `${t} DROP FOREIGN KEY ${this.q(name)}`;
      case "unique":
        return `${t} DROP INDEX ${this.q(name)}`;
      case "check":
        return `${t} DROP CHECK ${this.q(name)}`;
      case "primary":
        return `${t} DROP PRIMARY KEY`;
      default:
        throw new CompileError(
          `${this.dialect.name} drops a constraint by kind: op.dropConstraint(${JSON.stringify(name)}, ${JSON.stringify(table)}, { type: "foreignkey" | "unique" | "check" | "primary" })`,
        );
    }
  }
}
