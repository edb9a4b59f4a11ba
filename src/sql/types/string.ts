/** String, Text, UUID and Enum. */
import { TypeEngine, typeFactory, type DialectTraits, type Processor } from "./type-engine.js";

abstract class StringLike<T = string> extends TypeEngine<T> {
  readonly affinity = "string" as const;
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined || typeof value === "string") return null;
    return `a ${typeof value} was given where a ${this.describe()} value (string) is expected`;
  }
}

export class StringType extends StringLike {
  readonly kind = "string" as const;
  declare readonly length?: number;
  constructor(length?: number) {
    super();
    this.length = length;
  }
  override describe(): string {
    return this.length === undefined ? "VARCHAR" : `VARCHAR(${this.length})`;
  }
}

export class TextType extends StringLike {
  readonly kind = "text" as const;
}

export class UUIDType extends StringLike {
  readonly kind = "uuid" as const;
  override resultProcessor(dialect: DialectTraits): Processor | null {
    // MSSQL returns upper case UNIQUEIDENTIFIER; normalise to the canonical lower-case form
    return dialect.name === "mssql" ? (v) => (typeof v === "string" ? v.toLowerCase() : v) : (v) => (v === null || typeof v === "string" ? v : String(v));
  }
}

export interface EnumOptions {
  /** Name of the database type (PostgreSQL `CREATE TYPE <name> AS ENUM`); without it a VARCHAR + CHECK is used there. */
  name?: string;
  /** Also create a CHECK constraint on dialects without a native enum (default true). */
  createConstraint?: boolean;
}

export class EnumType<T extends string = string> extends StringLike<T> {
  readonly kind = "enum" as const;
  declare readonly length: number;
  declare readonly values: readonly T[];
  declare readonly options: EnumOptions;
  constructor(
    values: readonly T[],
    options: EnumOptions = {},
  ) {
    super();
    this.values = values;
    this.options = options;
    if (values.length === 0) throw new TypeError("Enum needs at least one value");
    for (const v of values) if (typeof v !== "string") throw new TypeError(`Enum values must be strings, got ${typeof v}`);
    this.length = Math.max(...values.map((v) => v.length));
  }
  get name(): string | undefined {
    return this.options.name;
  }
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" && (this.values as readonly string[]).includes(value)) return null;
    return `${JSON.stringify(value)} is not one of the Enum values ${this.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  override describe(): string {
    return `ENUM(${this.values.join(",")})`;
  }
}

const StringFactory = /*#__PURE__*/ typeFactory((length?: number): StringType => {
  if (length !== undefined && (!Number.isInteger(length) || length <= 0)) {
    throw new RangeError(`String length must be a positive integer, got ${length}`);
  }
  return new StringType(length);
});
export { StringFactory as String };
export const Text = /*#__PURE__*/ typeFactory((): TextType => new TextType());
export const UUID = /*#__PURE__*/ typeFactory((): UUIDType => new UUIDType());

type EnumLike = Record<string, string | number>;
type EnumValues<E> = E extends readonly (infer V extends string)[] ? V : E extends EnumLike ? Extract<E[keyof E], string> : never;

/**
 * `Enum(["a", "b"])` or `Enum(MyTsEnum)` (string-valued TypeScript enums; for a numeric enum the
 * member names are stored).
 */
export function Enum<const E extends readonly string[] | EnumLike>(values: E, options?: EnumOptions): EnumType<EnumValues<E>> {
  let list: string[];
  if (Array.isArray(values)) list = [...values];
  else {
    const obj = values as EnumLike;
    // numeric TS enums have reverse mappings (1 -> "A"); keep the names for those
    list = Object.keys(obj)
      .filter((k) => !/^\d+$/.test(k))
      .map((k) => (typeof obj[k] === "string" ? (obj[k] as string) : k));
  }
  return new EnumType(list as EnumValues<E>[], options);
}
