/**
 * PostgreSQL ALTER for migrations: the base forms (`ALTER COLUMN ... TYPE / SET NOT NULL / SET
 * DEFAULT`, `RENAME COLUMN`), plus `USING` when a type change needs an explicit conversion.
 * @module
 */
import { AlterCompiler, type AlterColumnChanges } from "../base/alter.js";

export class PGAlterCompiler extends AlterCompiler {
  override alterColumn(table: string, column: string, c: AlterColumnChanges & { postgresqlUsing?: string }, schema?: string): string[] {
    const out = super.alterColumn(table, column, c, schema);
    if (c.postgresqlUsing && c.type) {
      const i = out.findIndex((s) => s.includes(" TYPE "));
      if (i >= 0) out[i] += ` USING ${c.postgresqlUsing}`;
    }
    return out;
  }
}
