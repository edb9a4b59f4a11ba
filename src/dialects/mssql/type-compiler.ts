import type { DateTimeType } from "../../sql/types/datetime.js";
import type { StringType } from "../../sql/types/string.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";
import { TypeCompiler } from "../base/type-compiler.js";

export class MSSQLTypeCompiler extends TypeCompiler {
  override process(type: TypeEngine): string {
    switch (type.kind) {
      case "string": {
        const n = (type as StringType).length;
        return n === undefined ? "NVARCHAR(max)" : `NVARCHAR(${n})`;
      }
      case "text":
      case "json":
        return "NVARCHAR(max)";
      case "boolean":
        return "BIT";
      case "datetime":
        return (type as DateTimeType).timezone ? "DATETIMEOFFSET" : "DATETIME2";
      case "binary":
        return "VARBINARY(max)";
      case "uuid":
        return "UNIQUEIDENTIFIER";
      case "interval":
        return "FLOAT";
      default:
        return super.process(type);
    }
  }
  protected override varchar(length: number | undefined): string {
    return length === undefined ? "NVARCHAR(max)" : `NVARCHAR(${length})`;
  }
}
