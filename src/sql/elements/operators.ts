/**
 * Operator names and precedence. Higher binds tighter; the compiler parenthesises a child whose
 * precedence is lower than its parent's (SQLAlchemy's `operators._PRECEDENCE`).
 * @module
 */

export type BinaryOperator =
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "IS"
  | "IS NOT"
  | "LIKE"
  | "NOT LIKE"
  | "ILIKE"
  | "NOT ILIKE"
  | "IN"
  | "NOT IN"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "||";

export type UnaryOperator = "NOT" | "-" | "DISTINCT" | "EXISTS";
export type UnaryModifier = "ASC" | "DESC" | "NULLS FIRST" | "NULLS LAST" | "IS NULL" | "IS NOT NULL";

export const PRECEDENCE = {
  OR: 2,
  AND: 3,
  NOT: 4,
  IS: 5,
  COMPARISON: 5,
  LIKE: 5,
  IN: 5,
  BETWEEN: 5,
  CONCAT: 6,
  ADD: 7,
  MUL: 8,
  UNARY_MINUS: 9,
  ATOM: 100,
} as const;

export function binaryPrecedence(op: BinaryOperator): number {
  switch (op) {
    case "+":
    case "-":
      return PRECEDENCE.ADD;
    case "*":
    case "/":
    case "%":
      return PRECEDENCE.MUL;
    case "||":
      return PRECEDENCE.CONCAT;
    default:
      return PRECEDENCE.COMPARISON;
  }
}

/** Operators whose result is a boolean predicate. */
export function isComparison(op: BinaryOperator): boolean {
  return binaryPrecedence(op) === PRECEDENCE.COMPARISON;
}
