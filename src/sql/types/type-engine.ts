/**
 * The base of every SQL type: a TypeScript value type (`T`, phantom) plus bind and result
 * processing hooks that adapt JavaScript values to what each dialect stores and back.
 *
 * Processors are tolerant on the result side: a value may arrive from a driver as a native JS value
 * (pg's parsed types, mysql2's numbers) or as text (HTTP drivers that send raw text), and the
 * processor normalises both to `T`.
 * @module
 */

/** What a type needs to know about the dialect it is compiled or processed for. */
export interface DialectTraits {
  readonly name: string;
  /** BOOLEAN is a real type (PostgreSQL) rather than 0/1 integers. */
  readonly supportsNativeBoolean: boolean;
  /** A native UUID type exists (PostgreSQL, MSSQL UNIQUEIDENTIFIER). */
  readonly supportsNativeUuid: boolean;
  /** A native INTERVAL type exists (PostgreSQL). */
  readonly supportsNativeInterval: boolean;
}

export type Processor = (value: any) => unknown;

export type TypeKind =
  | "null"
  | "integer"
  | "smallint"
  | "bigint"
  | "float"
  | "numeric"
  | "string"
  | "text"
  | "boolean"
  | "date"
  | "datetime"
  | "time"
  | "interval"
  | "binary"
  | "json"
  | "jsonb"
  | "enum"
  | "uuid"
  | "array";

/** The category a type falls into for operators (`+` on strings is concatenation, ...). */
export type TypeAffinity = "numeric" | "string" | "boolean" | "temporal" | "binary" | "json" | "other";

export abstract class TypeEngine<T = unknown> {
  /** Phantom: the TypeScript type of values of this SQL type. Never set at run time. */
  declare readonly __value: T;
  abstract readonly kind: TypeKind;
  abstract readonly affinity: TypeAffinity;

  /** Converts a JS value to what the driver sends for this dialect, or null for "as is". */
  bindProcessor(_dialect: DialectTraits): Processor | null {
    return null;
  }

  /** Converts what the driver returns to the JS value type, or null for "as is". */
  resultProcessor(_dialect: DialectTraits): Processor | null {
    return null;
  }

  /**
   * Checks a value bound against this type; returns a message saying what is wrong, or null.
   * Objects are refused unless the type stores objects (JSON, ARRAY): a JSON request body can
   * never smuggle an operator object into a comparison.
   */
  checkValue(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    const t = typeof value;
    if (t === "function" || t === "symbol") return `a ${t} cannot be bound as a SQL value`;
    if (t === "object" && !(value instanceof Date) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
      return `an object or array was given where a ${this.describe()} value is expected`;
    }
    return null;
  }

  /** A short readable name used in messages and in `String(type)`. */
  describe(): string {
    return this.kind.toUpperCase();
  }

  toString(): string {
    return this.describe();
  }

  /** Memo of `cacheKey` (types are immutable once built; the key is read on every compile). */
  private _cacheKeyMemo: string | undefined;

  /** Identity of the type for the compiled-statement cache (parameters included). */
  get cacheKey(): string {
    return (this._cacheKeyMemo ??= this.describe());
  }
}

/** A type used where none is known (text() parameters, literals without a type). */
export class NullType extends TypeEngine<unknown> {
  readonly kind = "null" as const;
  readonly affinity = "other" as const;
  override describe(): string {
    return "untyped";
  }
}
export const NULLTYPE = /*#__PURE__*/ new NullType();

/** A type given by instance or by factory (`Integer` or `Integer()`, `String` or `String(50)`). */
export type TypeArg<T = unknown> = TypeEngine<T> | (() => TypeEngine<T>);

/** The TypeScript value type of a type argument. */
export type ValueOf<A> = A extends TypeEngine<infer T> ? T : A extends () => TypeEngine<infer T> ? T : unknown;

export function resolveType<T>(arg: TypeArg<T> | undefined | null): TypeEngine<T> {
  if (arg == null) return NULLTYPE as TypeEngine<T>;
  if (arg instanceof TypeEngine) return arg;
  if (typeof arg === "function") {
    const t = (arg as () => TypeEngine<T>)();
    if (t instanceof TypeEngine) return t;
  }
  throw new TypeError(`expected a SQL type such as Integer or String(50), got ${String(arg)}`);
}

export function isTypeArg(arg: unknown): arg is TypeArg {
  return arg instanceof TypeEngine || (typeof arg === "function" && (arg as { __isTypeFactory?: boolean }).__isTypeFactory === true);
}

/** Marks a function as a type factory so that it can be passed uncalled (`Column("x", Integer)`). */
export function typeFactory<F extends (...args: any[]) => TypeEngine<any>>(f: F): F {
  Object.defineProperty(f, "__isTypeFactory", { value: true });
  return f;
}
