import type { FunctionCall } from "../../sql/elements/functions.js";
import { SQLCompiler } from "../base/compiler.js";

export class PGCompiler extends SQLCompiler {
  protected override renderBytesLiteral(b: Uint8Array): string {
    return `'\\x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}'::bytea`;
  }
  protected override renderFunction(name: string, args: string[], f: FunctionCall): string {
    return super.renderFunction(name, args, f);
  }
}
