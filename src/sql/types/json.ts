/** JSON (every dialect), and PostgreSQL's JSONB and ARRAY. */
import { TypeEngine, resolveType, typeFactory, type DialectTraits, type Processor, type TypeArg, type ValueOf } from "./type-engine.js";

const parseJson: Processor = (v) =>
  typeof v === "string" ? JSON.parse(v) : typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v) : v;
const stringifyJson: Processor = (v) => (v === undefined ? null : JSON.stringify(v));

export class JSONType<T = unknown> extends TypeEngine<T> {
  readonly kind: "json" | "jsonb" = "json";
  readonly affinity = "json" as const;
  override bindProcessor(): Processor {
    // always stringify: drivers would turn a JS array into a SQL array, not a JSON array
    return stringifyJson;
  }
  override resultProcessor(): Processor {
    return parseJson;
  }
  override checkValue(value: unknown): string | null {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      return `a ${typeof value} cannot be stored as JSON`;
    }
    return null;
  }
}

export class JSONBType<T = unknown> extends JSONType<T> {
  override readonly kind = "jsonb" as const;
}

/** PostgreSQL ARRAY of an item type. */
export class ARRAYType<T = unknown> extends TypeEngine<T[]> {
  readonly kind = "array" as const;
  readonly affinity = "other" as const;
  declare readonly itemType: TypeEngine<T>;
  declare readonly dimensions: number;
  constructor(itemType: TypeEngine<T>, dimensions = 1) {
    super();
    this.itemType = itemType;
    this.dimensions = dimensions;
  }
  override bindProcessor(dialect: DialectTraits): Processor | null {
    const item = this.itemType.bindProcessor(dialect);
    return item ? (v) => (Array.isArray(v) ? v.map((x) => (x === null ? x : item(x))) : v) : null;
  }
  override resultProcessor(dialect: DialectTraits): Processor | null {
    const item = this.itemType.resultProcessor(dialect);
    return item ? (v) => (Array.isArray(v) ? v.map((x) => (x === null ? x : item(x))) : v) : null;
  }
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value)) return `a ${typeof value} was given where an ARRAY value is expected`;
    for (const x of value) {
      const problem = this.itemType.checkValue(x);
      if (problem) return `array item: ${problem}`;
    }
    return null;
  }
  override describe(): string {
    return `${this.itemType.describe()}[]`;
  }
}

const JSONFactory = /*#__PURE__*/ typeFactory(<T = unknown>(): JSONType<T> => new JSONType<T>());
export { JSONFactory as JSON };
export const JSONB = /*#__PURE__*/ typeFactory(<T = unknown>(): JSONBType<T> => new JSONBType<T>());
export function ARRAY<A extends TypeArg>(itemType: A, options?: { dimensions?: number }): ARRAYType<ValueOf<A>> {
  return new ARRAYType(resolveType(itemType) as TypeEngine<ValueOf<A>>, options?.dimensions ?? 1);
}
