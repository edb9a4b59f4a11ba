/**
 * The ALTER compiler of a dialect (for `alkahest/migrate`): `alterCompilerFor(dialect)`.
 * Each built-in dialect folder has an `alter.ts`; an unknown dialect gets the ANSI base forms.
 * @module
 */
import { AlterCompiler } from "./base/alter.js";
import { SQLCompiler } from "./base/compiler.js";
import type { BaseDialect } from "./base/dialect.js";
import { MSSQLAlterCompiler } from "./mssql/alter.js";
import { MSSQLCompiler } from "./mssql/compiler.js";
import { MySQLAlterCompiler } from "./mysql/alter.js";
import { MySQLCompiler } from "./mysql/compiler.js";
import { PGAlterCompiler } from "./postgresql/alter.js";
import { PGCompiler } from "./postgresql/compiler.js";
import { SQLiteAlterCompiler } from "./sqlite/alter.js";
import { SQLiteCompiler } from "./sqlite/compiler.js";

type AlterClass = new (...args: ConstructorParameters<typeof AlterCompiler>) => AlterCompiler;
type CompilerClass = new (d: BaseDialect, binds: readonly never[], literal: boolean) => SQLCompiler;

const BY_NAME: Record<string, [AlterClass, CompilerClass]> = {
  postgresql: [PGAlterCompiler, PGCompiler],
  mysql: [MySQLAlterCompiler, MySQLCompiler],
  mariadb: [MySQLAlterCompiler, MySQLCompiler],
  sqlite: [SQLiteAlterCompiler, SQLiteCompiler],
  mssql: [MSSQLAlterCompiler, MSSQLCompiler],
};

const cache = new WeakMap<BaseDialect, AlterCompiler>();

/** The ALTER compiler for a dialect instance (memoised per instance). */
export function alterCompilerFor(dialect: BaseDialect): AlterCompiler {
  let ac = cache.get(dialect);
  if (!ac) {
    const [A, C] = BY_NAME[dialect.name] ?? [AlterCompiler, SQLCompiler as unknown as CompilerClass];
    const sql = new C(dialect, [], true);
    ac = new A(dialect, sql, dialect.ddlCompiler(sql));
    cache.set(dialect, ac);
  }
  return ac;
}

export { AlterCompiler };
export type { AlterColumnChanges, BatchChange, ConstraintKind, ForeignKeyAlterOptions, ServerDefaultArg } from "./base/alter.js";
