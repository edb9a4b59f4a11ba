/**
 * `synchronizeSession: "evaluate"`: the WHERE criteria and SET values of an ORM-enabled UPDATE or
 * DELETE, evaluated in TypeScript against the objects of the identity map (SQLAlchemy's
 * `EvaluatorCompiler`). Comparisons follow SQL's three-valued logic (a comparison with NULL is
 * unknown, and only `true` matches). A construct that cannot be evaluated raises
 * `UnevaluatableError` naming it, so that the caller can fall back to "fetch".
 * @module
 */
import { InvalidRequestError } from "../../errors.js";
import {
  Between,
  BinaryExpression,
  BindParameter,
  ClauseList,
  ColumnElement,
  False,
  Grouping,
  InList,
  IsNull,
  Label,
  Like,
  Null,
  True,
  UnaryExpression,
} from "../../sql/elements/elements.js";
import { ColumnImpl } from "../../sql/schema/column.js";
import type { Mapper } from "../mapping/mapper.js";
import { type InstanceState, dictOf } from "./instance-state.js";

/** A construct the evaluator does not handle. */
export class UnevaluatableError extends InvalidRequestError {
  constructor(readonly construct: string) {
    super(
      `synchronizeSession: "evaluate" cannot evaluate ${construct} in TypeScript; ` +
        `use synchronizeSession: "fetch" (or "auto", which falls back to it), or false to skip synchronization`,
    );
  }
}

/** Thrown while evaluating one object whose attribute `key` is not loaded (expired or deferred). */
export class UnloadedAttribute {
  constructor(readonly key: string) {}
}

/** An evaluated expression: the value for one object (`null` is SQL NULL / unknown). */
export type Evaluator = (s: InstanceState) => unknown;

/** Dialects whose LIKE ignores case (ASCII at least) with their default collations. */
const CASE_INSENSITIVE_LIKE = new Set(["mysql", "mariadb", "sqlite", "mssql"]);
/** Dialects whose default collations make `=` ignore case and trailing spaces (`'a' = 'A '`). */
const CASE_INSENSITIVE_EQ = new Set(["mysql", "mariadb", "mssql"]);

function describe(e: ColumnElement<unknown>): string {
  let sql: string;
  try {
    sql = String(e);
  } catch {
    sql = "";
  }
  return `${e.kind} expression${sql && !sql.startsWith("<") ? ` (${sql})` : ""}`;
}

type Cmp = number | string | bigint | boolean;

/** A comparable form of a value: Dates by time, numeric strings against numbers as numbers. */
function comparable(a: unknown, b: unknown): [Cmp, Cmp] | null {
  const norm = (v: unknown): unknown => (v instanceof Date ? v.getTime() : v);
  let x = norm(a);
  let y = norm(b);
  if (typeof x === "bigint" && typeof y === "number" && Number.isInteger(y)) y = BigInt(y);
  if (typeof y === "bigint" && typeof x === "number" && Number.isInteger(x)) x = BigInt(x);
  if (typeof x === "string" && (typeof y === "number" || typeof y === "bigint") && x.trim() !== "" && !Number.isNaN(Number(x))) x = typeof y === "bigint" ? Number(x) : Number(x);
  if (typeof y === "string" && (typeof x === "number" || typeof x === "bigint") && y.trim() !== "" && !Number.isNaN(Number(y))) y = Number(y);
  if (typeof x === "bigint" && typeof y === "number") x = Number(x);
  if (typeof y === "bigint" && typeof x === "number") y = Number(y);
  if (typeof x !== typeof y) return null;
  if (!["number", "string", "bigint", "boolean"].includes(typeof x)) return null;
  return [x as Cmp, y as Cmp];
}

function compare(op: string, a: unknown, b: unknown, what: () => string, dialect: string): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const pair = comparable(a, b);
  if (!pair) throw new UnevaluatableError(`a comparison of ${typeof a} with ${typeof b} in ${what()}`);
  let [x, y] = pair;
  if (typeof x === "string" && typeof y === "string") {
    if (op !== "=" && op !== "<>") throw new UnevaluatableError(`an ordering comparison of strings in ${what()} (it depends on the database's collation)`);
    if (CASE_INSENSITIVE_EQ.has(dialect)) {
      x = x.toLowerCase().replace(/ +$/, "");
      y = y.toLowerCase().replace(/ +$/, "");
    }
  }
  switch (op) {
    case "=":
      return x === y;
    case "<>":
      return x !== y;
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    default:
      return x >= y;
  }
}

function arith(op: string, a: unknown, b: unknown, what: () => string): unknown {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (op === "||") {
    if (typeof a !== "string" || typeof b !== "string") throw new UnevaluatableError(`a concatenation of non-strings in ${what()}`);
    return a + b;
  }
  const bothNumbers = typeof a === "number" && typeof b === "number";
  const bothBig = typeof a === "bigint" && typeof b === "bigint";
  if (!bothNumbers && !bothBig) throw new UnevaluatableError(`arithmetic on ${typeof a} and ${typeof b} values in ${what()} (only numbers and bigints)`);
  switch (op) {
    case "+":
      return (a as number) + (b as number);
    case "-":
      return (a as number) - (b as number);
    case "*":
      return (a as number) * (b as number);
    default:
      throw new UnevaluatableError(`the operator ${op} in ${what()} (its result depends on the database)`);
  }
}

function likeRegex(pattern: string, escape: string | null, ignoreCase: boolean): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (escape !== null && ch === escape && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
    } else if (ch === "%") re += "[\\s\\S]*";
    else if (ch === "_") re += "[\\s\\S]";
    else re += ch.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, ignoreCase ? "i" : "");
}

function not3(v: unknown): boolean | null {
  return v === null || v === undefined ? null : !v;
}

/**
 * Compiles `expr` to an evaluator over objects of `mapper`. Unsupported constructs raise
 * `UnevaluatableError` now; an unloaded attribute raises `UnloadedAttribute` when evaluated.
 */
export function compileEvaluator(mapper: Mapper, expr: ColumnElement<unknown>, dialectName: string): Evaluator {
  const what = () => describe(expr);
  const visit = (e: ColumnElement<unknown>): Evaluator => {
    if (e instanceof ColumnImpl) {
      const key = e.key;
      if (e.table !== (mapper.table as unknown) || mapper.columnByKey.get(key) !== (e as unknown)) {
        throw new UnevaluatableError(`the column ${e.table ? `${(e.table as { name?: string }).name}.` : ""}${e.name} (not an attribute of ${mapper.className})`);
      }
      return (s) => {
        if (!(key in dictOf(s))) throw new UnloadedAttribute(key);
        return dictOf(s)[key];
      };
    }
    if (e instanceof BindParameter) {
      if (e.required) throw new UnevaluatableError(`the parameter ${JSON.stringify(e.key)} given at execution`);
      const v = e.value;
      return () => v;
    }
    if (e instanceof Null) return () => null;
    if (e instanceof True) return () => true;
    if (e instanceof False) return () => false;
    if (e instanceof Grouping || e instanceof Label) return visit(e.element as ColumnElement<unknown>);
    if (e instanceof ClauseList) {
      const parts = e.clauses.map(visit);
      if (e.operator === "AND") {
        return (s) => {
          let unknown = false;
          for (const p of parts) {
            const v = p(s);
            if (v === null || v === undefined) unknown = true;
            else if (!v) return false;
          }
          return unknown ? null : true;
        };
      }
      return (s) => {
        let unknown = false;
        for (const p of parts) {
          const v = p(s);
          if (v === null || v === undefined) unknown = true;
          else if (v) return true;
        }
        return unknown ? null : false;
      };
    }
    if (e instanceof IsNull) {
      const o = visit(e.operand);
      return e.negate ? (s) => o(s) !== null && o(s) !== undefined : (s) => o(s) === null || o(s) === undefined;
    }
    if (e instanceof UnaryExpression) {
      if (e.modifier !== null) throw new UnevaluatableError(describe(e));
      const o = visit(e.operand);
      if (e.operator === "NOT") return (s) => not3(o(s));
      if (e.operator === "-") {
        return (s) => {
          const v = o(s);
          if (v === null || v === undefined) return null;
          if (typeof v !== "number" && typeof v !== "bigint") throw new UnevaluatableError(`negation of a ${typeof v} in ${what()}`);
          return -v;
        };
      }
      throw new UnevaluatableError(`the operator ${e.operator} in ${what()}`);
    }
    if (e instanceof BinaryExpression) {
      const op = e.operator;
      const l = visit(e.left);
      const r = visit(e.right);
      switch (op) {
        case "=":
        case "<>":
        case "<":
        case "<=":
        case ">":
        case ">=":
          return (s) => compare(op, l(s), r(s), what, dialectName);
        case "IS":
        case "IS NOT": {
          const same = (a: unknown, b: unknown) => {
            const an = a === null || a === undefined;
            const bn = b === null || b === undefined;
            if (an || bn) return an && bn;
            return compare("=", a, b, what, dialectName) === true;
          };
          return op === "IS" ? (s) => same(l(s), r(s)) : (s) => !same(l(s), r(s));
        }
        case "+":
        case "-":
        case "*":
        case "/":
        case "%":
        case "||":
          if (op === "/" || op === "%") throw new UnevaluatableError(`the operator ${op} in ${what()} (its result depends on the database)`);
          return (s) => arith(op, l(s), r(s), what);
        default:
          throw new UnevaluatableError(`the operator ${op} in ${what()}`);
      }
    }
    if (e instanceof Like) {
      const l = visit(e.left);
      const p = visit(e.pattern);
      const negate = e.operator.startsWith("NOT");
      const ignoreCase = e.operator.includes("ILIKE") || CASE_INSENSITIVE_LIKE.has(dialectName);
      return (s) => {
        const v = l(s);
        const pat = p(s);
        if (v === null || v === undefined || pat === null || pat === undefined) return null;
        if (typeof v !== "string" || typeof pat !== "string") throw new UnevaluatableError(`LIKE on a non-string in ${what()}`);
        const m = likeRegex(pat, e.escape, ignoreCase).test(v);
        return negate ? !m : m;
      };
    }
    if (e instanceof Between) {
      const o = visit(e.operand);
      const lo = visit(e.low);
      const hi = visit(e.high);
      return (s) => {
        const v = o(s);
        const a = compare(">=", v, lo(s), what, dialectName);
        const b = compare("<=", v, hi(s), what, dialectName);
        const r = a === false || b === false ? false : a === null || b === null ? null : true;
        return e.negate ? not3(r) : r;
      };
    }
    if (e instanceof InList) {
      const o = visit(e.operand);
      const items = e.items.map(visit);
      return (s) => {
        const v = o(s);
        let r: boolean | null;
        if (items.length === 0) r = false;
        else if (v === null || v === undefined) r = null;
        else {
          let unknown = false;
          r = false;
          for (const it of items) {
            const c = compare("=", v, it(s), what, dialectName);
            if (c === true) {
              r = true;
              break;
            }
            if (c === null) unknown = true;
          }
          if (r === false && unknown) r = null;
        }
        return e.negate ? not3(r) : r;
      };
    }
    throw new UnevaluatableError(describe(e));
  };
  return visit(expr);
}
