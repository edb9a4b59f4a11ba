/**
 * Column expressions: the typed `ColumnElement<T>` with SQLAlchemy's operators, bind parameters
 * and the expression nodes those operators build. Kept in one module because every operator
 * builds one of these nodes and every node is itself a `ColumnElement` (one file avoids an
 * import cycle between a base class and its subclasses).
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { BooleanType } from "../types/boolean.js";
import { BigIntegerType, FloatType, IntegerType } from "../types/numeric.js";
import { StringType } from "../types/string.js";
import { DateTimeType } from "../types/datetime.js";
import { LargeBinaryType } from "../types/binary.js";
import { NULLTYPE, TypeEngine, resolveType, type TypeArg, type ValueOf } from "../types/type-engine.js";
import { ClauseElement, type KeyBuilder } from "./clause.js";
import { PRECEDENCE, binaryPrecedence, type BinaryOperator, type UnaryModifier, type UnaryOperator } from "./operators.js";
import type { VisitorCompiler } from "../visitors.js";

const BOOLEAN = /*#__PURE__*/ new BooleanType();
const INTEGER = /*#__PURE__*/ new IntegerType();
const FLOAT = /*#__PURE__*/ new FloatType();
const BIGINT = /*#__PURE__*/ new BigIntegerType();
const STRING = /*#__PURE__*/ new StringType();
const DATETIME = /*#__PURE__*/ new DateTimeType();
const BINARY = /*#__PURE__*/ new LargeBinaryType();

/**
 * A value of the expression's TypeScript type, or another expression (expressions are not checked
 * against each other's types: a column typed only by its ForeignKey is `unknown`).
 */
export type Operand<T> = ColumnElement<T> | ColumnElement<unknown> | (T extends null ? never : T) | null;

/** Anything that selects as a row value: used for select() typing. */
export type ExpressionValue<E> = E extends ColumnElement<infer T> ? T : never;

/** A selectable subquery that can follow IN (set by selectable modules; structural to avoid cycles). */
export interface InSubquery {
  readonly kind: "select" | "compoundSelect" | "textClause";
  _ck(b: KeyBuilder): void;
}

/**
 * A SQL expression that has a type: columns, bind parameters, function calls, operators...
 * Every comparison takes a value of the column's TypeScript type or another expression.
 */
export abstract class ColumnElement<T = unknown> extends ClauseElement {
  /** Phantom: the TypeScript type of the expression's value. */
  declare readonly __value: T;
  abstract readonly type: TypeEngine;
  /** Precedence for parenthesisation by the compiler. */
  get precedence(): number {
    return PRECEDENCE.ATOM;
  }
  /** The name a result column gets when this expression is selected without a label. */
  get anonName(): string | undefined {
    return undefined;
  }

  // ---- comparison --------------------------------------------------------------------------
  eq(other: Operand<T>): ColumnElement<boolean> {
    return other === null || other === undefined ? new IsNull(this, false) : this._binary("=", other);
  }
  ne(other: Operand<T>): ColumnElement<boolean> {
    return other === null || other === undefined ? new IsNull(this, true) : this._binary("<>", other);
  }
  lt(other: Operand<T>): ColumnElement<boolean> {
    return this._binary("<", other);
  }
  le(other: Operand<T>): ColumnElement<boolean> {
    return this._binary("<=", other);
  }
  gt(other: Operand<T>): ColumnElement<boolean> {
    return this._binary(">", other);
  }
  ge(other: Operand<T>): ColumnElement<boolean> {
    return this._binary(">=", other);
  }
  /** `IS` (for NULL, true, false): `col.is(null)`. */
  is(other: Operand<T> | boolean | null): ColumnElement<boolean> {
    if (other === null || other === undefined) return new IsNull(this, false);
    // `IS true` / `IS false` take keywords, never a bound value (`IS $1` is a syntax error on PostgreSQL)
    if (typeof other === "boolean") return new BinaryExpression(this, other ? new True() : new False(), "IS", BOOLEAN);
    return this._binary("IS", other as Operand<T>);
  }
  isNot(other: Operand<T> | boolean | null): ColumnElement<boolean> {
    if (other === null || other === undefined) return new IsNull(this, true);
    if (typeof other === "boolean") return new BinaryExpression(this, other ? new True() : new False(), "IS NOT", BOOLEAN);
    return this._binary("IS NOT", other as Operand<T>);
  }
  isNull(): ColumnElement<boolean> {
    return new IsNull(this, false);
  }
  isNotNull(): ColumnElement<boolean> {
    return new IsNull(this, true);
  }
  between(low: Operand<T>, high: Operand<T>): ColumnElement<boolean> {
    return new Between(this, this._operand(low), this._operand(high), false);
  }
  notBetween(low: Operand<T>, high: Operand<T>): ColumnElement<boolean> {
    return new Between(this, this._operand(low), this._operand(high), true);
  }

  /** `IN (...)`: a list of values/expressions or a subquery; an empty list is always false. */
  in(values: readonly Operand<T>[] | InSubquery): ColumnElement<boolean> {
    return this._in(values, false);
  }
  notIn(values: readonly Operand<T>[] | InSubquery): ColumnElement<boolean> {
    return this._in(values, true);
  }
  private _in(values: readonly Operand<T>[] | InSubquery, negate: boolean): ColumnElement<boolean> {
    if (Array.isArray(values)) {
      const items = values.map((v) => {
        if (Array.isArray(v)) throw new ArgumentError("in(): nested arrays are not accepted; pass a flat list of values");
        return this._operand(v as Operand<T>);
      });
      return new InList(this, items, negate);
    }
    const sub = values as InSubquery;
    if (sub && (sub.kind === "select" || sub.kind === "compoundSelect" || sub.kind === "textClause")) {
      return new InSubqueryExpr(this, sub, negate);
    }
    throw new ArgumentError("in() takes an array of values or a select() subquery");
  }

  // ---- string matching ---------------------------------------------------------------------
  like(pattern: Operand<string>, options?: { escape?: string }): ColumnElement<boolean> {
    return this._like("LIKE", pattern, options?.escape);
  }
  notLike(pattern: Operand<string>, options?: { escape?: string }): ColumnElement<boolean> {
    return this._like("NOT LIKE", pattern, options?.escape);
  }
  /** Case-insensitive LIKE: native on PostgreSQL, `lower(x) LIKE lower(y)` elsewhere. */
  ilike(pattern: Operand<string>, options?: { escape?: string }): ColumnElement<boolean> {
    return this._like("ILIKE", pattern, options?.escape);
  }
  notIlike(pattern: Operand<string>, options?: { escape?: string }): ColumnElement<boolean> {
    return this._like("NOT ILIKE", pattern, options?.escape);
  }
  /** `LIKE 'value%'` with `%`, `_` and the escape character in the value escaped (autoescape). */
  startsWith(value: Operand<string>): ColumnElement<boolean> {
    return this._match(value, "", "%");
  }
  endsWith(value: Operand<string>): ColumnElement<boolean> {
    return this._match(value, "%", "");
  }
  contains(value: Operand<string>): ColumnElement<boolean> {
    return this._match(value, "%", "%");
  }
  private _like(op: BinaryOperator, pattern: Operand<string>, escape: string | undefined): ColumnElement<boolean> {
    if (escape !== undefined && escape.length !== 1) throw new ArgumentError("like(): escape must be a single character");
    return new Like(this, coerceOperand(pattern, this.type), op, escape ?? null);
  }
  private _match(value: Operand<string>, before: string, after: string): ColumnElement<boolean> {
    if (value instanceof ColumnElement) {
      // expression operand: concatenate the wildcards in SQL (no escaping possible)
      let pattern: ColumnElement<unknown> = value;
      if (before) pattern = new BinaryExpression(new BindParameter(before, this.type), pattern, "||", this.type);
      if (after) pattern = new BinaryExpression(pattern, new BindParameter(after, this.type), "||", this.type);
      return new Like(this, pattern, "LIKE", null);
    }
    if (typeof value !== "string") throw new ArgumentError(`startsWith/endsWith/contains take a string, got ${typeof value}`);
    const escaped = value.replace(/[/%_]/g, (c) => "/" + c);
    return new Like(this, new BindParameter(before + escaped + after, this.type), "LIKE", "/");
  }

  // ---- arithmetic / strings ----------------------------------------------------------------
  /** `+` (string concatenation when the type is a string type). */
  plus(other: Operand<T>): ColumnElement<T> {
    return this.type.affinity === "string" ? (this.concat(other as Operand<string>) as ColumnElement<T>) : this._arith("+", other);
  }
  minus(other: Operand<T>): ColumnElement<T> {
    return this._arith("-", other);
  }
  times(other: Operand<T>): ColumnElement<T> {
    return this._arith("*", other);
  }
  div(other: Operand<T>): ColumnElement<T> {
    return this._arith("/", other);
  }
  mod(other: Operand<T>): ColumnElement<T> {
    return this._arith("%", other);
  }
  /** String concatenation (`||`, `concat()` on MySQL, `+` on MSSQL). */
  concat(other: Operand<string> | ColumnElement<unknown>): ColumnElement<string> {
    return new BinaryExpression(this, coerceOperand(other, this.type.affinity === "string" ? this.type : NULLTYPE), "||", this.type) as ColumnElement<string>;
  }
  neg(): ColumnElement<T> {
    return new UnaryExpression(this, "-", null, this.type) as ColumnElement<T>;
  }

  // ---- ordering, naming, conversion --------------------------------------------------------
  asc(): OrderingElement {
    return new UnaryExpression(this, null, "ASC", this.type) as OrderingElement;
  }
  desc(): OrderingElement {
    return new UnaryExpression(this, null, "DESC", this.type) as OrderingElement;
  }
  nullsFirst(): OrderingElement {
    return new UnaryExpression(this, null, "NULLS FIRST", this.type) as OrderingElement;
  }
  nullsLast(): OrderingElement {
    return new UnaryExpression(this, null, "NULLS LAST", this.type) as OrderingElement;
  }
  /** `expr AS name`: the name is always quoted by the dialect when it needs quoting. */
  label<N extends string>(name: N): Label<T, N> {
    return new Label(name, this);
  }
  cast<A extends TypeArg>(type: A): ColumnElement<ValueOf<A>> {
    return new Cast(this, resolveType(type)) as ColumnElement<ValueOf<A>>;
  }
  /** `DISTINCT expr` (inside an aggregate: `func.count(col.distinct())`). */
  distinct(): ColumnElement<T> {
    return new UnaryExpression(this, "DISTINCT", null, this.type) as ColumnElement<T>;
  }

  // ---- helpers -----------------------------------------------------------------------------
  protected _binary(op: BinaryOperator, other: Operand<T>): ColumnElement<boolean> {
    return new BinaryExpression(this, this._operand(other), op, BOOLEAN) as ColumnElement<boolean>;
  }
  protected _arith(op: BinaryOperator, other: Operand<T>): ColumnElement<T> {
    return new BinaryExpression(this, this._operand(other), op, this.type) as ColumnElement<T>;
  }
  /** Coerces a right-hand operand: a value becomes a bind parameter of this expression's type. */
  _operand(other: unknown): ColumnElement<unknown> {
    return coerceOperand(other, this.type);
  }
}

/** An ORDER BY item (`col.desc()`, `col.nullsLast()`). */
export type OrderingElement = UnaryExpression<unknown> & { readonly __ordering: true };

/**
 * Turns a value into a bind parameter of `type`, after checking it fits the type: objects are never
 * accepted where a scalar is expected, and a plain string is a value, never SQL text.
 */
export function coerceOperand(value: unknown, type: TypeEngine): ColumnElement<unknown> {
  if (value instanceof ColumnElement) return value;
  if (value instanceof ClauseElement) {
    const k = (value as ClauseElement).kind;
    if (k === "select" || k === "compoundSelect") {
      throw new ArgumentError("a select() was given where a single value is expected; use .scalarSubquery() to compare with its one column");
    }
    throw new ArgumentError(`a ${k} construct cannot be used as a value here`);
  }
  if (value === undefined) value = null;
  return new BindParameter(value, type);
}

/** Turns user input in a position that needs an expression (where, select list...) into one. */
export function coerceExpression(value: unknown, where: string): ColumnElement<unknown> {
  if (value instanceof ColumnElement) return value;
  if (typeof value === "string") {
    throw new ArgumentError(
      `${where}: a plain string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}) is not accepted as SQL; ` +
        `declare raw SQL explicitly with text(${JSON.stringify(value.length > 40 ? "…" : value)}), or use a column expression`,
    );
  }
  if (value === null) return new Null();
  if (typeof value === "boolean") return value ? new True() : new False();
  if (value instanceof ClauseElement) {
    const k = value.kind;
    if (k === "textClause") return value as unknown as ColumnElement<unknown>;
    throw new ArgumentError(`${where}: a ${k} cannot be used as a column expression${k === "select" ? " (use .scalarSubquery() or exists())" : ""}`);
  }
  if (value !== null && typeof value === "object") {
    throw new ArgumentError(`${where}: an object was given where a SQL expression is expected (objects are never expanded into SQL)`);
  }
  throw new ArgumentError(`${where}: expected a SQL expression, got ${typeof value} (use literal(value) for a constant)`);
}

// ============================================================================================
// nodes
// ============================================================================================

let anonBindCounter = 0;

/** A bound value (`$1`, `?`, `@p1`): values are never spliced into SQL text. */
export class BindParameter<T = unknown> extends ColumnElement<T> {
  readonly kind = "bindParam" as const;
  declare readonly type: TypeEngine;
  /** The user-facing name (`bindparam("x")`, `text(":x")`), or null for anonymous values. */
  declare readonly key: string | null;
  /** True when the value must come from execution parameters (`bindparam("x")` without a value). */
  declare readonly required: boolean;
  declare readonly value: T;
  constructor(
    value: T,
    type: TypeEngine = NULLTYPE,
    key: string | null = null,
    required = false,
  ) {
    super();
    this.value = value;
    this.type = type === NULLTYPE ? inferType(value) : type;
    this.key = key;
    this.required = required;
    if (!required && value !== null && value !== undefined) {
      const problem = this.type.checkValue(value);
      if (problem) throw new ArgumentError(`invalid value for ${key ? `parameter ${JSON.stringify(key)}` : this.type.describe()}: ${problem}`);
    }
    anonBindCounter++;
  }
  _ck(b: KeyBuilder): void {
    b.key += this.key === null ? "?" + this.type.cacheKey : "?" + this.type.cacheKey + ":" + this.key;
    b.binds.push(this as BindParameter<unknown>);
  }
  /** A copy holding another value (same name and type). */
  withValue(value: unknown): BindParameter<unknown> {
    return new BindParameter(value, this.type, this.key, false);
  }
}

/**
 * Picks a type for a value bound without one (`literal(1)`, `text()` values), as SQLAlchemy does:
 * numbers are Integer or Float, strings String, dates DateTime, bytes LargeBinary.
 */
export function inferType(value: unknown): TypeEngine {
  switch (typeof value) {
    case "boolean":
      return BOOLEAN;
    case "number":
      return Number.isInteger(value) ? INTEGER : FLOAT;
    case "bigint":
      return BIGINT;
    case "string":
      return STRING;
    case "object":
      if (value instanceof Date) return DATETIME;
      if (value instanceof Uint8Array) return BINARY;
      return NULLTYPE;
    default:
      return NULLTYPE;
  }
}

/** `left <op> right`. */
export class BinaryExpression<T = unknown> extends ColumnElement<T> {
  readonly kind = "binary" as const;
  declare readonly left: ColumnElement<unknown>;
  declare readonly right: ColumnElement<unknown>;
  declare readonly operator: BinaryOperator;
  declare readonly type: TypeEngine;
  constructor(
    left: ColumnElement<unknown>,
    right: ColumnElement<unknown>,
    operator: BinaryOperator,
    type: TypeEngine,
  ) {
    super();
    this.left = left;
    this.right = right;
    this.operator = operator;
    this.type = type;
  }
  override get precedence(): number {
    return binaryPrecedence(this.operator);
  }
  _ck(b: KeyBuilder): void {
    b.key += "(";
    this.left._ck(b);
    b.key += this.operator;
    this.right._ck(b);
    b.key += ")";
  }
}

/** `left [NOT] LIKE pattern [ESCAPE 'c']` (ILIKE emulated by dialects without it). */
export class Like extends ColumnElement<boolean> {
  readonly kind = "like" as const;
  readonly type = BOOLEAN;
  declare readonly left: ColumnElement<unknown>;
  declare readonly pattern: ColumnElement<unknown>;
  declare readonly operator: BinaryOperator;
  declare readonly escape: string | null;
  constructor(
    left: ColumnElement<unknown>,
    pattern: ColumnElement<unknown>,
    operator: BinaryOperator,
    escape: string | null,
  ) {
    super();
    this.left = left;
    this.pattern = pattern;
    this.operator = operator;
    this.escape = escape;
  }
  override get precedence(): number {
    return PRECEDENCE.LIKE;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(";
    this.left._ck(b);
    b.key += this.operator;
    this.pattern._ck(b);
    b.key += this.escape === null ? ")" : "E" + this.escape + ")";
  }
}

/** `expr IS [NOT] NULL`. */
export class IsNull extends ColumnElement<boolean> {
  readonly kind = "isNull" as const;
  readonly type = BOOLEAN;
  declare readonly operand: ColumnElement<unknown>;
  declare readonly negate: boolean;
  constructor(
    operand: ColumnElement<unknown>,
    negate: boolean,
  ) {
    super();
    this.operand = operand;
    this.negate = negate;
  }
  override get precedence(): number {
    return PRECEDENCE.IS;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(";
    this.operand._ck(b);
    b.key += this.negate ? " INN)" : " IN)";
  }
}

/** `expr [NOT] BETWEEN low AND high`. */
export class Between extends ColumnElement<boolean> {
  readonly kind = "between" as const;
  readonly type = BOOLEAN;
  declare readonly operand: ColumnElement<unknown>;
  declare readonly low: ColumnElement<unknown>;
  declare readonly high: ColumnElement<unknown>;
  declare readonly negate: boolean;
  constructor(
    operand: ColumnElement<unknown>,
    low: ColumnElement<unknown>,
    high: ColumnElement<unknown>,
    negate: boolean,
  ) {
    super();
    this.operand = operand;
    this.low = low;
    this.high = high;
    this.negate = negate;
  }
  override get precedence(): number {
    return PRECEDENCE.BETWEEN;
  }
  _ck(b: KeyBuilder): void {
    b.key += this.negate ? "(NBW " : "(BW ";
    this.operand._ck(b);
    this.low._ck(b);
    this.high._ck(b);
    b.key += ")";
  }
}

/** `expr [NOT] IN (a, b, c)`; an empty list renders an always-false (or always-true) predicate. */
export class InList extends ColumnElement<boolean> {
  readonly kind = "inList" as const;
  readonly type = BOOLEAN;
  declare readonly operand: ColumnElement<unknown>;
  declare readonly items: readonly ColumnElement<unknown>[];
  declare readonly negate: boolean;
  constructor(
    operand: ColumnElement<unknown>,
    items: readonly ColumnElement<unknown>[],
    negate: boolean,
  ) {
    super();
    this.operand = operand;
    this.items = items;
    this.negate = negate;
  }
  override get precedence(): number {
    return PRECEDENCE.IN;
  }
  _ck(b: KeyBuilder): void {
    b.key += (this.negate ? "(NIN" : "(IN") + this.items.length + " ";
    this.operand._ck(b);
    for (const item of this.items) item._ck(b);
    b.key += ")";
  }
}

/** `expr [NOT] IN (SELECT ...)`. */
export class InSubqueryExpr extends ColumnElement<boolean> {
  readonly kind = "inSubquery" as const;
  readonly type = BOOLEAN;
  declare readonly operand: ColumnElement<unknown>;
  declare readonly subquery: InSubquery;
  declare readonly negate: boolean;
  constructor(
    operand: ColumnElement<unknown>,
    subquery: InSubquery,
    negate: boolean,
  ) {
    super();
    this.operand = operand;
    this.subquery = subquery;
    this.negate = negate;
  }
  override get precedence(): number {
    return PRECEDENCE.IN;
  }
  _ck(b: KeyBuilder): void {
    b.key += this.negate ? "(NINS " : "(INS ";
    this.operand._ck(b);
    this.subquery._ck(b);
    b.key += ")";
  }
}

/** Prefix operators (`NOT x`, `-x`, `DISTINCT x`, `EXISTS (...)`) and postfix modifiers (`x DESC`). */
export class UnaryExpression<T = unknown> extends ColumnElement<T> {
  readonly kind = "unary" as const;
  declare readonly operand: ColumnElement<unknown>;
  declare readonly operator: UnaryOperator | null;
  declare readonly modifier: UnaryModifier | null;
  declare readonly type: TypeEngine;
  constructor(
    operand: ColumnElement<unknown>,
    operator: UnaryOperator | null,
    modifier: UnaryModifier | null,
    type: TypeEngine,
  ) {
    super();
    this.operand = operand;
    this.operator = operator;
    this.modifier = modifier;
    this.type = type;
  }
  override get precedence(): number {
    if (this.operator === "NOT") return PRECEDENCE.NOT;
    if (this.operator === "-") return PRECEDENCE.UNARY_MINUS;
    return PRECEDENCE.ATOM;
  }
  /** `NULLS FIRST/LAST` may follow `ASC/DESC`. */
  override nullsFirst(): OrderingElement {
    return new UnaryExpression(this, null, "NULLS FIRST", this.type) as OrderingElement;
  }
  override nullsLast(): OrderingElement {
    return new UnaryExpression(this, null, "NULLS LAST", this.type) as OrderingElement;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(U" + (this.operator ?? "") + "|" + (this.modifier ?? "") + " ";
    this.operand._ck(b);
    b.key += ")";
  }
}

/** `a AND b AND c` / `a OR b`, or a plain comma list. */
export class ClauseList extends ColumnElement<boolean> {
  readonly kind = "clauseList" as const;
  readonly type = BOOLEAN;
  declare readonly operator: "AND" | "OR";
  declare readonly clauses: readonly ColumnElement<unknown>[];
  constructor(
    operator: "AND" | "OR",
    clauses: readonly ColumnElement<unknown>[],
  ) {
    super();
    this.operator = operator;
    this.clauses = clauses;
  }
  override get precedence(): number {
    return this.operator === "AND" ? PRECEDENCE.AND : PRECEDENCE.OR;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(" + this.operator + this.clauses.length + " ";
    for (const c of this.clauses) c._ck(b);
    b.key += ")";
  }
}

/** Explicit parentheses. */
export class Grouping<T = unknown> extends ColumnElement<T> {
  readonly kind = "grouping" as const;
  declare readonly element: ColumnElement<T>;
  constructor(element: ColumnElement<T>) {
    super();
    this.element = element;
  }
  get type(): TypeEngine {
    return this.element.type;
  }
  _compile(c: VisitorCompiler): string {
    return `(${c.process(this.element)})`;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(G ";
    this.element._ck(b);
    b.key += ")";
  }
}

/** `expr AS name`. */
export class Label<T = unknown, N extends string = string> extends ColumnElement<T> {
  readonly kind = "label" as const;
  declare readonly name: N;
  declare readonly element: ColumnElement<T>;
  constructor(
    name: N,
    element: ColumnElement<T>,
  ) {
    super();
    this.name = name;
    this.element = element;
    if (typeof name !== "string" || name.length === 0) throw new ArgumentError("label(): the name must be a non-empty string");
  }
  get type(): TypeEngine {
    return this.element.type;
  }
  override get anonName(): string {
    return this.name;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(L" + this.name.length + ":" + this.name;
    this.element._ck(b);
    b.key += ")";
  }
}

/** `CAST(expr AS type)`. */
export class Cast<T = unknown> extends ColumnElement<T> {
  readonly kind = "cast" as const;
  declare readonly element: ColumnElement<unknown>;
  declare readonly type: TypeEngine;
  constructor(
    element: ColumnElement<unknown>,
    type: TypeEngine,
  ) {
    super();
    this.element = element;
    this.type = type;
  }
  override get anonName(): string | undefined {
    return this.element.anonName;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(CAST " + this.type.cacheKey + " ";
    this.element._ck(b);
    b.key += ")";
  }
}

/** `CASE WHEN c THEN v ... ELSE x END` (or `CASE value WHEN ...`). */
export class Case<T = unknown> extends ColumnElement<T> {
  readonly kind = "case" as const;
  declare readonly type: TypeEngine;
  declare readonly whens: readonly (readonly [ColumnElement<unknown>, ColumnElement<unknown>])[];
  declare readonly elseValue: ColumnElement<unknown> | null;
  declare readonly value: ColumnElement<unknown> | null;
  constructor(
    whens: readonly (readonly [ColumnElement<unknown>, ColumnElement<unknown>])[],
    elseValue: ColumnElement<unknown> | null,
    value: ColumnElement<unknown> | null,
  ) {
    super();
    this.whens = whens;
    this.elseValue = elseValue;
    this.value = value;
    this.type = whens[0]?.[1].type ?? NULLTYPE;
  }
  _compile(c: VisitorCompiler): string {
    const parts = ["CASE"];
    if (this.value) parts.push(c.process(this.value));
    for (const [cond, val] of this.whens) parts.push(`WHEN ${this.value ? c.process(cond) : c.predicate(cond)} THEN ${c.process(val)}`);
    if (this.elseValue) parts.push(`ELSE ${c.process(this.elseValue)}`);
    parts.push("END");
    return parts.join(" ");
  }
  _ck(b: KeyBuilder): void {
    b.key += "(CASE" + this.whens.length + (this.value ? "v" : "") + (this.elseValue ? "e " : " ");
    this.value?._ck(b);
    for (const [c, v] of this.whens) {
      c._ck(b);
      v._ck(b);
    }
    this.elseValue?._ck(b);
    b.key += ")";
  }
}

/** SQL NULL. */
export class Null extends ColumnElement<null> {
  readonly kind = "null" as const;
  readonly type = NULLTYPE;
  _ck(b: KeyBuilder): void {
    b.key += "NULL";
  }
}

/** SQL true (rendered `1 = 1` where there is no boolean literal in a predicate position). */
export class True extends ColumnElement<boolean> {
  readonly kind = "true" as const;
  readonly type = BOOLEAN;
  _ck(b: KeyBuilder): void {
    b.key += "TRUE";
  }
}

export class False extends ColumnElement<boolean> {
  readonly kind = "false" as const;
  readonly type = BOOLEAN;
  _ck(b: KeyBuilder): void {
    b.key += "FALSE";
  }
}

/** A reference to a label by name in ORDER BY / GROUP BY (`orderBy("postCount")`). */
export class LabelReference extends ColumnElement<unknown> {
  readonly kind = "labelReference" as const;
  readonly type = NULLTYPE;
  declare readonly name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(LR" + this.name.length + ":" + this.name + ")";
  }
}

/** A comma-separated tuple `(a, b)` (composite IN and comparisons). */
export class Tuple extends ColumnElement<unknown[]> {
  readonly kind = "tuple" as const;
  readonly type = NULLTYPE;
  declare readonly items: readonly ColumnElement<unknown>[];
  constructor(items: readonly ColumnElement<unknown>[]) {
    super();
    this.items = items;
  }
  _compile(c: VisitorCompiler): string {
    return `(${this.items.map((i) => c.process(i)).join(", ")})`;
  }
  _ck(b: KeyBuilder): void {
    b.key += "(TUP" + this.items.length + " ";
    for (const i of this.items) i._ck(b);
    b.key += ")";
  }
}

// ============================================================================================
// public constructors
// ============================================================================================

type Predicate = ColumnElement<boolean> | ColumnElement<boolean | null> | ColumnElement<unknown>;

function flatten(op: "AND" | "OR", clauses: readonly unknown[]): ColumnElement<unknown>[] {
  const out: ColumnElement<unknown>[] = [];
  for (const c of clauses) {
    if (c === undefined) continue;
    const e = coerceExpression(c, op === "AND" ? "and()" : "or()");
    if (e instanceof ClauseList && e.operator === op) out.push(...e.clauses);
    else out.push(e);
  }
  return out;
}

/** `a AND b AND ...`; `and()` with no argument is an always-true predicate. */
export function and(...clauses: (Predicate | undefined)[]): ColumnElement<boolean> {
  const items = flatten("AND", clauses);
  if (items.length === 0) return new True();
  if (items.length === 1) return items[0] as ColumnElement<boolean>;
  return new ClauseList("AND", items);
}

/** `a OR b OR ...`; `or()` with no argument is an always-false predicate. */
export function or(...clauses: (Predicate | undefined)[]): ColumnElement<boolean> {
  const items = flatten("OR", clauses);
  if (items.length === 0) return new False();
  if (items.length === 1) return items[0] as ColumnElement<boolean>;
  return new ClauseList("OR", items);
}

/** `NOT expr`. */
export function not(clause: Predicate): ColumnElement<boolean> {
  const e = coerceExpression(clause, "not()");
  if (e instanceof IsNull) return new IsNull(e.operand, !e.negate);
  return new UnaryExpression(e, "NOT", null, BOOLEAN) as ColumnElement<boolean>;
}

/** A constant as a bound parameter: `literal("x")`, `literal(5, Integer)`. */
export function literal<T>(value: T, type?: TypeArg): ColumnElement<T> {
  return new BindParameter(value, type ? resolveType(type) : inferType(value)) as ColumnElement<T>;
}

/** A named parameter: its value is given now or at execution (`conn.execute(stmt, { name })`). */
export function bindparam<T = unknown>(key: string, value?: T, options?: { type?: TypeArg<T> }): BindParameter<T> {
  if (typeof key !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    throw new ArgumentError(`bindparam(): the name must be an identifier ([A-Za-z_][A-Za-z0-9_]*), got ${JSON.stringify(key)}`);
  }
  const type = options?.type ? resolveType(options.type) : inferType(value);
  return new BindParameter(value as T, type, key, value === undefined);
}

/** `CAST(expr AS type)`. */
export function cast<A extends TypeArg>(expr: ColumnElement<unknown> | unknown, type: A): ColumnElement<ValueOf<A>> {
  const e = expr instanceof ColumnElement ? expr : new BindParameter(expr);
  return new Cast(e, resolveType(type)) as ColumnElement<ValueOf<A>>;
}

type CaseResult<W> = W extends readonly (readonly [unknown, infer V])[] ? (V extends ColumnElement<infer T> ? T : V) : unknown;

/**
 * `case([[cond, value], ...], { else: x })`; or with `{ value: expr }`, `case([[1, "one"]], { value: col })`
 * compares `expr` with each key.
 */
export function case_<const W extends readonly (readonly [unknown, unknown])[]>(
  whens: W,
  options: { else?: unknown; value?: ColumnElement<unknown> } = {},
): ColumnElement<CaseResult<W>> {
  if (!Array.isArray(whens) || whens.length === 0) throw new ArgumentError("case() needs at least one [condition, value] pair");
  const value = options.value ?? null;
  const pairs = whens.map(([cond, result]) => {
    const c = value ? value._operand(cond) : coerceExpression(cond, "case() condition");
    const r = result instanceof ColumnElement ? result : new BindParameter(result);
    return [c, r] as const;
  });
  const resultType = pairs.find(([, r]) => r.type !== NULLTYPE)?.[1].type;
  const typed = resultType
    ? pairs.map(([c, r]) => [c, r instanceof BindParameter && r.type === NULLTYPE ? new BindParameter(r.value, resultType) : r] as const)
    : pairs;
  let elseValue: ColumnElement<unknown> | null = null;
  if ("else" in options && options.else !== undefined) {
    elseValue = options.else instanceof ColumnElement ? options.else : new BindParameter(options.else, resultType ?? NULLTYPE);
  }
  return new Case(typed, elseValue, value) as ColumnElement<CaseResult<W>>;
}

/** A tuple `(a, b)` for composite comparisons. */
export function tuple(...items: unknown[]): Tuple {
  return new Tuple(items.map((i) => (i instanceof ColumnElement ? i : new BindParameter(i))));
}

export function null_(): Null {
  return new Null();
}
export function true_(): True {
  return new True();
}
export function false_(): False {
  return new False();
}

export { INTEGER as _INTEGER, BOOLEAN as _BOOLEAN };
