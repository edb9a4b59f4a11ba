/** Integer, SmallInteger, BigInteger, Float and Numeric. */
import { TypeEngine, typeFactory, type DialectTraits, type Processor } from "./type-engine.js";

const toNumber: Processor = (v) => (v === null || typeof v === "number" ? v : Number(v));
const toBigInt: Processor = (v) => (v === null || typeof v === "bigint" ? v : BigInt(typeof v === "number" ? Math.trunc(v) : String(v)));

abstract class NumberLike<T> extends TypeEngine<T> {
  readonly affinity = "numeric" as const;
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    const t = typeof value;
    if (t === "number" || t === "bigint") return null;
    if (t === "string" && this.acceptsString) return null;
    return `a ${t === "object" ? "object" : t} was given where a ${this.describe()} value (number${this.acceptsString ? " or numeric string" : ""}) is expected`;
  }
  protected get acceptsString(): boolean {
    return false;
  }
}

export class IntegerType extends NumberLike<number> {
  readonly kind = "integer" as const;
  override resultProcessor(): Processor {
    return toNumber;
  }
}

export class SmallIntegerType extends NumberLike<number> {
  readonly kind = "smallint" as const;
  override resultProcessor(): Processor {
    return toNumber;
  }
}

/** 64-bit integers, as `bigint` in TypeScript. */
export class BigIntegerType extends NumberLike<bigint> {
  readonly kind = "bigint" as const;
  protected override get acceptsString(): boolean {
    return true;
  }
  override bindProcessor(dialect: DialectTraits): Processor | null {
    // drivers disagree on bigint; a decimal string is accepted by every server for an integer column
    return dialect.name === "sqlite" ? null : (v) => (typeof v === "bigint" ? v.toString() : v);
  }
  override resultProcessor(): Processor {
    return toBigInt;
  }
}

export class FloatType extends NumberLike<number> {
  readonly kind = "float" as const;
  declare readonly precision?: number;
  constructor(precision?: number) {
    super();
    this.precision = precision;
  }
  override resultProcessor(): Processor {
    return toNumber;
  }
  override get cacheKey(): string {
    return `FLOAT(${this.precision ?? ""})`;
  }
}

export interface NumericOptions {
  /** Return JavaScript numbers instead of exact decimal strings. */
  asNumber?: boolean;
}

/** Exact decimals: `string` by default (no precision lost), `number` with `{ asNumber: true }`. */
export class NumericType<T = string> extends NumberLike<T> {
  readonly kind = "numeric" as const;
  declare readonly precision?: number;
  declare readonly scale?: number;
  declare readonly asNumber: boolean;
  constructor(
    precision?: number,
    scale?: number,
    asNumber = false,
  ) {
    super();
    this.precision = precision;
    this.scale = scale;
    this.asNumber = asNumber;
  }
  protected override get acceptsString(): boolean {
    return true;
  }
  override bindProcessor(): Processor {
    return (v) => (typeof v === "number" || typeof v === "bigint" ? String(v) : v);
  }
  override resultProcessor(): Processor {
    if (this.asNumber) return toNumber;
    const scale = this.scale;
    return (v) => {
      if (v === null || typeof v === "string") return v;
      if (typeof v === "number" && scale !== undefined) return v.toFixed(scale);
      if (typeof v === "bigint" && scale !== undefined && scale > 0) return `${v}.${"0".repeat(scale)}`;
      return String(v);
    };
  }
  override describe(): string {
    return this.precision === undefined ? "NUMERIC" : `NUMERIC(${this.precision}${this.scale === undefined ? "" : `, ${this.scale}`})`;
  }
  override get cacheKey(): string {
    return `${this.describe()}${this.asNumber ? "n" : ""}`;
  }
}

export const Integer = /*#__PURE__*/ typeFactory((): IntegerType => new IntegerType());
export const SmallInteger = /*#__PURE__*/ typeFactory((): SmallIntegerType => new SmallIntegerType());
export const BigInteger = /*#__PURE__*/ typeFactory((): BigIntegerType => new BigIntegerType());
export const Float = /*#__PURE__*/ typeFactory((precision?: number): FloatType => new FloatType(precision));

/**
 * `Numeric(precision?, scale?, { asNumber? })`: DECIMAL values as strings, or as numbers with
 * `asNumber: true`. Marked a type factory in its declaration: a bare `typeFactory(Numeric)`
 * statement kept it in every bundle.
 */
export const Numeric: {
  (precision?: number, scale?: number, options?: { asNumber?: false }): NumericType<string>;
  (precision: number | undefined, scale: number | undefined, options: { asNumber: true }): NumericType<number>;
} = /*#__PURE__*/ typeFactory(function Numeric(precision?: number, scale?: number, options?: NumericOptions): NumericType<string | number> {
  if (precision !== undefined && (!Number.isInteger(precision) || precision <= 0)) {
    throw new RangeError(`Numeric precision must be a positive integer, got ${precision}`);
  }
  if (scale !== undefined && (!Number.isInteger(scale) || scale < 0)) {
    throw new RangeError(`Numeric scale must be a non-negative integer, got ${scale}`);
  }
  return new NumericType(precision, scale, options?.asNumber ?? false);
}) as typeof Numeric;
