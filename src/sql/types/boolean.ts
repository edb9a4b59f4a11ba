/** Boolean: native on PostgreSQL, 0/1 elsewhere, converted both ways. */
import { TypeEngine, typeFactory, type DialectTraits, type Processor } from "./type-engine.js";

const toBool: Processor = (v) => {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "number" || typeof v === "bigint") return v !== 0 && v !== 0n;
  if (typeof v === "string") return v === "t" || v === "true" || v === "1" || v === "TRUE" || v === "y";
  if (ArrayBuffer.isView(v)) return (v as Uint8Array)[0] === 1; // MySQL BIT(1) as bytes
  return !!v;
};

export class BooleanType extends TypeEngine<boolean> {
  readonly kind = "boolean" as const;
  readonly affinity = "boolean" as const;
  override bindProcessor(dialect: DialectTraits): Processor | null {
    return dialect.supportsNativeBoolean ? null : (v) => (v === null || v === undefined ? v : v ? 1 : 0);
  }
  override resultProcessor(): Processor {
    return toBool;
  }
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined || typeof value === "boolean") return null;
    return `a ${typeof value} was given where a BOOLEAN value (true/false) is expected`;
  }
}

const BooleanFactory = /*#__PURE__*/ typeFactory((): BooleanType => new BooleanType());
export { BooleanFactory as Boolean };
