/**
 * SQL type names per dialect, for DDL and CAST. The base class holds the ANSI names; a dialect
 * overrides the kinds it spells differently.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { ARRAYType } from "../../sql/types/json.js";
import type { DateTimeType } from "../../sql/types/datetime.js";
import type { EnumType, StringType } from "../../sql/types/string.js";
import type { FloatType, NumericType } from "../../sql/types/numeric.js";
import type { LargeBinaryType } from "../../sql/types/binary.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";

export class TypeCompiler {
  declare readonly dialectName: string;
  constructor(dialectName: string) {
    this.dialectName = dialectName;
  }

  /** The type as written in CREATE TABLE. */
  process(type: TypeEngine): string {
    switch (type.kind) {
      case "integer":
        return "INTEGER";
      case "smallint":
        return "SMALLINT";
      case "bigint":
        return "BIGINT";
      case "float": {
        const p = (type as FloatType).precision;
        return p === undefined ? "FLOAT" : `FLOAT(${p})`;
      }
      case "numeric": {
        const t = type as NumericType<unknown>;
        return t.precision === undefined ? "NUMERIC" : `NUMERIC(${t.precision}${t.scale === undefined ? "" : `, ${t.scale}`})`;
      }
      case "string":
        return this.varchar((type as StringType).length);
      case "text":
        return "TEXT";
      case "boolean":
        return "BOOLEAN";
      case "date":
        return "DATE";
      case "datetime":
        return (type as DateTimeType).timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
      case "time":
        return "TIME";
      case "interval":
        return "FLOAT";
      case "binary":
        return "BLOB";
      case "json":
        return "JSON";
      case "jsonb":
        return this.unsupported(type, "JSONB is PostgreSQL-only; use JSON");
      case "enum":
        return this.varchar((type as EnumType).length);
      case "uuid":
        return "CHAR(36)";
      case "array":
        return this.unsupported(type, "ARRAY is PostgreSQL-only; use JSON");
      case "null":
        throw new CompileError("a column has no type: give it one (or a ForeignKey to a typed column)");
    }
  }

  /** The type as written in CAST(x AS ...). */
  castName(type: TypeEngine): string {
    return this.process(type);
  }

  protected varchar(length: number | undefined): string {
    return length === undefined ? "VARCHAR" : `VARCHAR(${length})`;
  }

  protected unsupported(type: TypeEngine, why: string): never {
    throw new CompileError(`${this.dialectName} cannot store ${type.describe()}: ${why}`);
  }

  protected arrayName(type: ARRAYType<unknown>): string {
    return `${this.process(type.itemType)}${"[]".repeat(type.dimensions)}`;
  }

  protected binaryName(type: LargeBinaryType): string {
    return type.length === undefined ? "BLOB" : `BLOB(${type.length})`;
  }
}
