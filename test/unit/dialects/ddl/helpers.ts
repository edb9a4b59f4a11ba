import type { ClauseElement } from "../../../../src/index.js";

export const DIALECTS = ["postgresql", "mysql", "sqlite", "mssql"] as const;
export type D = (typeof DIALECTS)[number];

export function sql(e: ClauseElement, d: D): string {
  return e.compile({ dialect: d }).sql;
}

/** Compiles `e` on each dialect. */
export function all(e: ClauseElement): Record<D, string> {
  return Object.fromEntries(DIALECTS.map((d) => [d, sql(e, d)])) as Record<D, string>;
}

/** Joins lines with the compiler's CREATE TABLE layout. */
export function ct(head: string, lines: string[], tail = ""): string {
  return `${head} (\n\t${lines.join(",\n\t")}\n)${tail}`;
}
