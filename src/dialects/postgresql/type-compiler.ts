import type { ARRAYType } from "../../sql/types/json.js";
import type { EnumType } from "../../sql/types/string.js";
import type { FloatType } from "../../sql/types/numeric.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";
import { TypeCompiler } from "../base/type-compiler.js";

export class PGTypeCompiler extends TypeCompiler {
  override process(type: TypeEngine): string {
    switch (type.kind) {
      case "float":
        return (type as FloatType).precision === undefined ? "DOUBLE PRECISION" : `FLOAT(${(type as FloatType).precision})`;
      case "binary":
        return "BYTEA";
      case "jsonb":
        return "JSONB";
      case "uuid":
        return "UUID";
      case "interval":
        return "INTERVAL";
      case "array":
        return this.arrayName(type as ARRAYType<unknown>);
      case "enum": {
        const e = type as EnumType;
        return e.name ? this.quoteTypeName(e.name) : super.process(type);
      }
      default:
        return super.process(type);
    }
  }
  /** Quoting of a named type (set by the dialect). */
  quoteTypeName: (name: string) => string = (n) => n;
}
