import { CompileError } from "../../errors.js";
import { hasPositionalDollar, type TextClause } from "../../sql/elements/text.js";
import { SQLCompiler } from "../base/compiler.js";

export class PGCompiler extends SQLCompiler {
  protected override renderBytesLiteral(b: Uint8Array): string {
    return `'\\x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}'::bytea`;
  }
  override visitTextClause(t: TextClause): string {
    if (hasPositionalDollar(t.text)) {
      throw new CompileError("text(): positional $1-style parameters would collide with alkahest's placeholders on PostgreSQL; write :name parameters and pass them by name");
    }
    return super.visitTextClause(t);
  }
}
