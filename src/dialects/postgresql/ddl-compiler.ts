import type { CreateEnumType, DropEnumType } from "../../sql/ddl/ddl.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import type { EnumType } from "../../sql/types/string.js";
import { DDLCompiler } from "../base/ddl-compiler.js";

/**
 * PostgreSQL: SERIAL/BIGSERIAL/SMALLSERIAL for autoincrementing keys (as SQLAlchemy does), named
 * Enums as native `CREATE TYPE ... AS ENUM`, unnamed ones as VARCHAR + CHECK.
 */
export class PGDDLCompiler extends DDLCompiler {
  protected override columnType(c: ColumnImpl): string {
    if (c.isAutoincrement && c.serverDefault === undefined) {
      const k = c.type.kind;
      return k === "bigint" ? "BIGSERIAL" : k === "smallint" ? "SMALLSERIAL" : "SERIAL";
    }
    return super.columnType(c);
  }
  protected override nativeEnum(type: EnumType): boolean {
    return !!type.name;
  }
  private typeName(name: string, schema: string | undefined): string {
    return this.dialect.preparer.quoteQualified(schema ?? null, name);
  }
  override createType(ct: CreateEnumType): string {
    const e = ct.type;
    return `CREATE TYPE ${this.typeName(e.name!, ct.options.schema)} AS ENUM (${e.values.map((v) => this.literal(v)).join(", ")})`;
  }
  override dropType(dt: DropEnumType): string {
    return `DROP TYPE ${dt.options.ifExists ? "IF EXISTS " : ""}${this.typeName(dt.type.name!, dt.options.schema)}`;
  }
}
