/**
 * `func.<name>(...)` SQL function calls and window functions (`.over({...})`).
 * Unknown names render verbatim as `<name>(args)`; a few well-known ones carry a return type and
 * are rendered per dialect (`now()` is `CURRENT_TIMESTAMP` on SQLite, `GETDATE()` on MSSQL).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { DateTimeType, DateType } from "../types/datetime.js";
import { FloatType, IntegerType, NumericType } from "../types/numeric.js";
import { StringType } from "../types/string.js";
import { NULLTYPE, type TypeEngine } from "../types/type-engine.js";
import type { KeyBuilder } from "./clause.js";
import { BindParameter, ColumnElement, coerceExpression, type OrderingElement } from "./elements.js";

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Return types of well-known functions: a type, or "first" for the first argument's type. */
const KNOWN: Record<string, TypeEngine | "first"> = {
  count: new IntegerType(),
  sum: "first",
  avg: new NumericType(),
  min: "first",
  max: "first",
  abs: "first",
  coalesce: "first",
  distinct: "first",
  lower: new StringType(),
  upper: new StringType(),
  trim: new StringType(),
  concat: new StringType(),
  length: new IntegerType(),
  char_length: new IntegerType(),
  now: new DateTimeType(),
  current_timestamp: new DateTimeType(),
  current_date: new DateType(),
  random: new FloatType(),
  row_number: new IntegerType(),
  rank: new IntegerType(),
  dense_rank: new IntegerType(),
  ntile: new IntegerType(),
  lag: "first",
  lead: "first",
  first_value: "first",
  last_value: "first",
};

export class FunctionCall<T = unknown> extends ColumnElement<T> {
  readonly kind = "function" as const;
  declare readonly type: TypeEngine;
  declare readonly name: string;
  declare readonly args: readonly ColumnElement<unknown>[];
  constructor(
    name: string,
    args: readonly ColumnElement<unknown>[],
    type?: TypeEngine,
  ) {
    super();
    this.name = name;
    this.args = args;
    if (!FUNCTION_NAME.test(name)) {
      throw new ArgumentError(`func.${name}: a SQL function name must be an identifier ([A-Za-z_][A-Za-z0-9_]*)`);
    }
    const known = KNOWN[name.toLowerCase()];
    this.type = type ?? (known === "first" ? (args[0]?.type ?? NULLTYPE) : (known ?? NULLTYPE));
  }
  override get anonName(): string {
    return this.name.toLowerCase();
  }
  /** A window function: `fn() OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)`. */
  over(window: WindowSpec = {}): Over<T> {
    return new Over(this, window);
  }
  /** `fn(...) FILTER (WHERE ...)` (PostgreSQL, SQLite). */
  filter(condition: ColumnElement<boolean>): FunctionFilter<T> {
    return new FunctionFilter(this, coerceExpression(condition, "filter()"));
  }
  _ck(b: KeyBuilder): void {
    b.key += "(F" + this.name + ":" + this.type.cacheKey + " ";
    for (const a of this.args) a._ck(b);
    b.key += ")";
  }
}

export class FunctionFilter<T = unknown> extends ColumnElement<T> {
  readonly kind = "functionFilter" as const;
  declare readonly fn: FunctionCall<T>;
  declare readonly condition: ColumnElement<unknown>;
  constructor(
    fn: FunctionCall<T>,
    condition: ColumnElement<unknown>,
  ) {
    super();
    this.fn = fn;
    this.condition = condition;
  }
  get type(): TypeEngine {
    return this.fn.type;
  }
  override get anonName(): string {
    return this.fn.anonName;
  }
  over(window: WindowSpec = {}): Over<T> {
    return new Over(this, window);
  }
  _ck(b: KeyBuilder): void {
    b.key += "(FF ";
    this.fn._ck(b);
    this.condition._ck(b);
    b.key += ")";
  }
}

/** Frame bound: `null` = UNBOUNDED, `0` = CURRENT ROW, negative = N PRECEDING, positive = N FOLLOWING. */
export type FrameBound = number | null;

export interface WindowSpec {
  partitionBy?: ColumnElement<unknown> | readonly ColumnElement<unknown>[];
  orderBy?: ColumnElement<unknown> | OrderingElement | readonly (ColumnElement<unknown> | OrderingElement)[];
  rows?: readonly [FrameBound, FrameBound];
  range?: readonly [FrameBound, FrameBound];
}

function asList(v: unknown, where: string): ColumnElement<unknown>[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => coerceExpression(x, where));
}

function checkFrame(frame: readonly [FrameBound, FrameBound] | undefined, which: string): readonly [FrameBound, FrameBound] | null {
  if (!frame) return null;
  if (!Array.isArray(frame) || frame.length !== 2) throw new ArgumentError(`over(): ${which} must be a [start, end] pair`);
  for (const b of frame) {
    if (b !== null && !Number.isSafeInteger(b)) throw new ArgumentError(`over(): ${which} bounds must be integers or null, got ${String(b)}`);
  }
  return frame;
}

/** `expr OVER (...)`. */
export class Over<T = unknown> extends ColumnElement<T> {
  readonly kind = "over" as const;
  declare readonly partitionBy: readonly ColumnElement<unknown>[];
  declare readonly orderBy: readonly ColumnElement<unknown>[];
  declare readonly rows: readonly [FrameBound, FrameBound] | null;
  declare readonly range: readonly [FrameBound, FrameBound] | null;
  declare readonly element: ColumnElement<T>;
  constructor(
    element: ColumnElement<T>,
    window: WindowSpec,
  ) {
    super();
    this.element = element;
    this.partitionBy = asList(window.partitionBy, "over({ partitionBy })");
    this.orderBy = asList(window.orderBy, "over({ orderBy })");
    this.rows = checkFrame(window.rows, "rows");
    this.range = checkFrame(window.range, "range");
    if (this.rows && this.range) throw new ArgumentError("over(): give either rows or range, not both");
  }
  get type(): TypeEngine {
    return this.element.type;
  }
  override get anonName(): string | undefined {
    return this.element.anonName;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(OVER" + this.partitionBy.length + "," + this.orderBy.length + " ";
    this.element._ck(b);
    for (const p of this.partitionBy) p._ck(b);
    for (const o of this.orderBy) o._ck(b);
    // frame bounds are part of the structure (rendered as validated integer literals)
    if (this.rows) b.key += "R" + this.rows.join(",");
    if (this.range) b.key += "G" + this.range.join(",");
    b.key += ")";
  }
}

function coerceArg(a: unknown): ColumnElement<unknown> {
  if (a instanceof ColumnElement) return a;
  if (typeof a === "object" && a !== null && "kind" in a) return coerceExpression(a, "func argument");
  // plain values are bound parameters (func.date_trunc("day", col) binds "day")
  return new BindParameter(a);
}

type FuncArgs = unknown[];
export type FuncFactory = <T = unknown>(...args: FuncArgs) => FunctionCall<T>;

export interface Func {
  count(expr?: ColumnElement<unknown>): FunctionCall<number>;
  sum<T>(expr: ColumnElement<T>): FunctionCall<T | null>;
  avg(expr: ColumnElement<unknown>): FunctionCall<string | null>;
  min<T>(expr: ColumnElement<T>): FunctionCall<T | null>;
  max<T>(expr: ColumnElement<T>): FunctionCall<T | null>;
  coalesce<T>(expr: ColumnElement<T>, ...others: unknown[]): FunctionCall<NonNullable<T>>;
  lower(expr: ColumnElement<unknown> | string): FunctionCall<string>;
  upper(expr: ColumnElement<unknown> | string): FunctionCall<string>;
  length(expr: ColumnElement<unknown> | string): FunctionCall<number>;
  now(): FunctionCall<Date>;
  distinct<T>(expr: ColumnElement<T>): ColumnElement<T>;
  row_number(): FunctionCall<number>;
  rank(): FunctionCall<number>;
  dense_rank(): FunctionCall<number>;
  [name: string]: FuncFactory | ((...args: any[]) => ColumnElement<any>);
}

const cache = new Map<string, FuncFactory>();

/**
 * `func.<name>(...args)`: any SQL function. Arguments that are not expressions are bound as
 * parameters. `func.count()` with no argument renders `count(*)`.
 */
export const func: Func = new Proxy({} as Func, {
  get(_target, prop) {
    if (typeof prop !== "string" || prop === "then") return undefined;
    let f = cache.get(prop);
    if (!f) {
      if (!FUNCTION_NAME.test(prop)) {
        throw new ArgumentError(`func.${prop}: a SQL function name must be an identifier ([A-Za-z_][A-Za-z0-9_]*)`);
      }
      const name = prop;
      f = (<T>(...args: FuncArgs) => new FunctionCall<T>(name, args.map(coerceArg))) as FuncFactory;
      cache.set(prop, f);
    }
    return f;
  },
});
