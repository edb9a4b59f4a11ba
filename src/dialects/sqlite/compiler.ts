import type { FunctionCall } from "../../sql/elements/functions.js";
import type { Select, SelectBase } from "../../sql/selectable/select.js";
import { SQLCompiler } from "../base/compiler.js";
import { DISTINCT_ON_HINT, ON_CONFLICT_CONSTRAINT_HINT, setOperatorHint } from "../base/feature-hints.js";

/** What to write instead of the constructs SQLite lacks (`SQLCompiler.unsupported`). */
const HINTS: Readonly<Record<string, string>> = {
  "DISTINCT ON": DISTINCT_ON_HINT,
  "ON CONFLICT ON CONSTRAINT": ON_CONFLICT_CONSTRAINT_HINT,
};

export class SQLiteCompiler extends SQLCompiler {
  protected override featureHint(feature: string): string {
    return HINTS[feature] ?? setOperatorHint(feature) ?? "";
  }

  protected override renderFunction(name: string, args: string[], f: FunctionCall): string {
    if (name.toLowerCase() === "now" && args.length === 0) return "CURRENT_TIMESTAMP";
    return super.renderFunction(name, args, f);
  }
  protected override renderLimitOffset(s: SelectBase): string {
    if (s._offset && !s._limit) return ` LIMIT -1 OFFSET ${this.process(s._offset)}`;
    return super.renderLimitOffset(s);
  }
  /** SQLite has no row locks: FOR UPDATE is omitted (as SQLAlchemy does). */
  protected override renderForUpdate(_s: Select): string {
    return "";
  }
}
