/**
 * Golden SQL across dialects (Kysely's `testSql`, SQLAlchemy's `assert_compile`): every matrix test
 * names each dialect explicitly, so a new dialect shows up as a type error in every test.
 */
import { expect } from "vitest";
import { CompileError, type ClauseElement } from "../../../src/index.js";

export const DIALECTS = ["postgresql", "mysql", "sqlite", "mssql"] as const;
export type Dialect = (typeof DIALECTS)[number];
/** Dialects a test may add on top of the four required ones (MariaDB is MySQL plus RETURNING). */
export type ExtraDialect = "mariadb";

export interface Expected {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

const NOT_SUPPORTED_TAG: unique symbol = Symbol("NOT_SUPPORTED");
export interface NotSupported {
  readonly [NOT_SUPPORTED_TAG]: true;
  readonly message: RegExp;
}

/** The statement cannot be compiled for this dialect: a `CompileError` whose message matches. */
export function NOT_SUPPORTED(message: RegExp): NotSupported {
  return { [NOT_SUPPORTED_TAG]: true, message };
}

function isNotSupported(e: Expected | NotSupported): e is NotSupported {
  return (e as NotSupported)[NOT_SUPPORTED_TAG] === true;
}

export type Expectations = Record<Dialect, Expected | NotSupported> & Partial<Record<ExtraDialect, Expected | NotSupported>>;

interface Compilable {
  compile(options: { dialect: string }): { sql: string; params: unknown[] };
}

/** Compiles `stmt` for every dialect in `expected` and checks SQL and positional params (params default to []). */
export function testSql(stmt: Compilable | ClauseElement, expected: Expectations): void {
  for (const [dialect, exp] of Object.entries(expected) as [Dialect | ExtraDialect, Expected | NotSupported][]) {
    const compile = () => (stmt as Compilable).compile({ dialect });
    if (isNotSupported(exp)) {
      let error: unknown;
      try {
        compile();
      } catch (e) {
        error = e;
      }
      expect(error, `${dialect}: expected a CompileError`).toBeInstanceOf(CompileError);
      expect((error as Error).message, `${dialect}: error message`).toMatch(exp.message);
      continue;
    }
    const c = compile();
    expect({ dialect, sql: c.sql, params: c.params }).toEqual({ dialect, sql: exp.sql, params: exp.params ?? [] });
  }
}

/** Same expected output for several dialects. */
export function same(e: Expected, ...dialects: Dialect[]): Partial<Record<Dialect, Expected>> {
  return Object.fromEntries(dialects.map((d) => [d, e]));
}
