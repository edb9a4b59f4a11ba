import { CompileError } from "../../errors.js";
import type { EnumType } from "../../sql/types/string.js";
import type { FloatType } from "../../sql/types/numeric.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";
import { TypeCompiler } from "../base/type-compiler.js";

export class MySQLTypeCompiler extends TypeCompiler {
  /** Quotes an ENUM value (set by the dialect's compiler rules). */
  renderString: (s: string) => string = (s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  override process(type: TypeEngine): string {
    switch (type.kind) {
      case "boolean":
        return "BOOL";
      case "datetime":
        return "DATETIME(6)";
      case "time":
        return "TIME(6)";
      case "float":
        return (type as FloatType).precision === undefined ? "DOUBLE" : `FLOAT(${(type as FloatType).precision})`;
      case "interval":
        return "DOUBLE";
      case "binary":
        return "LONGBLOB";
      case "enum":
        return `ENUM(${(type as EnumType).values.map((v) => this.renderString(v)).join(", ")})`;
      case "string":
        if ((type as { length?: number }).length === undefined) {
          throw new CompileError("MySQL needs a length for VARCHAR: use String(n), or Text for unbounded text");
        }
        return super.process(type);
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
        return "SIGNED INTEGER";
      case "string": {
        const n = (type as { length?: number }).length;
        return n === undefined ? "CHAR" : `CHAR(${n})`;
      }
      case "text":
      case "enum":
      case "uuid":
        return "CHAR";
      case "numeric":
        return super.process(type).replace("NUMERIC", "DECIMAL");
      case "float":
      case "interval":
        return "DOUBLE";
      case "binary":
        return "BINARY";
      case "datetime":
        return "DATETIME(6)";
      default:
        return this.process(type);
    }
  }
}
