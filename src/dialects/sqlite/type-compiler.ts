import type { TypeEngine } from "../../sql/types/type-engine.js";
import { TypeCompiler } from "../base/type-compiler.js";

export class SQLiteTypeCompiler extends TypeCompiler {
  override process(type: TypeEngine): string {
    switch (type.kind) {
      case "datetime":
        return "DATETIME";
      case "float":
      case "interval":
        return "FLOAT";
      default:
        return super.process(type);
    }
  }
  override castName(type: TypeEngine): string {
    switch (type.kind) {
      case "integer":
      case "smallint":
      case "bigint":
      case "boolean":
        return "INTEGER";
      case "float":
      case "interval":
        return "REAL";
      case "numeric":
        return "NUMERIC";
      case "binary":
        return "BLOB";
      default:
        return "TEXT";
    }
  }
}
