import { CompileError } from "../../errors.js";
import type { FunctionCall } from "../../sql/elements/functions.js";
import type { ExcludedTable, Insert } from "../../sql/dml/insert.js";
import type { Delete, DeleteCompiler } from "../../sql/dml/delete.js";
import type { Update, UpdateCompiler } from "../../sql/dml/update.js";
import type { FromClause } from "../../sql/selectable/from-clause.js";
import type { Select, SelectBase } from "../../sql/selectable/select.js";
import { SQLCompiler } from "../base/compiler.js";
import { NULLS_ORDERING_HINT, FILTER_HINT, FULL_OUTER_JOIN_HINT, DISTINCT_ON_HINT } from "../base/feature-hints.js";

/** What to write instead of the constructs MySQL lacks (`SQLCompiler.unsupported`). */
const HINTS: Readonly<Record<string, string>> = {
  "NULLS FIRST": NULLS_ORDERING_HINT,
  "NULLS LAST": NULLS_ORDERING_HINT,
  "FILTER (WHERE ...) on aggregates": FILTER_HINT,
  "FULL OUTER JOIN": FULL_OUTER_JOIN_HINT,
  "DISTINCT ON": DISTINCT_ON_HINT,
};

export class MySQLCompiler extends SQLCompiler implements UpdateCompiler, DeleteCompiler {
  protected override featureHint(feature: string): string {
    return HINTS[feature] ?? "";
  }

  protected override checkReturning(stmt: Insert | Update | Delete): void {
    if (!this.dialect.supportsReturning(stmt.kind)) {
      throw new CompileError(
        `${this.dialect.name} does not support RETURNING for ${stmt.kind.toUpperCase()}` +
          (this.dialect.name === "mysql" ? " (MariaDB supports it for INSERT and DELETE: use the mariadb dialect)" : "") +
          "; select the rows in a separate statement",
      );
    }
  }

  /** MySQL treats backslash as an escape in string literals (unless NO_BACKSLASH_ESCAPES): double it. */
  override renderStringLiteral(s: string): string {
    if (s.includes("\u0000")) throw new CompileError("a string literal cannot contain a NUL character");
    return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  }
  /** MySQL accepts only the TRUE/FALSE/UNKNOWN keywords after IS (`IS 1` is a syntax error). */
  protected override renderIsBoolean(left: string, negate: boolean, value: boolean): string {
    return `${left} ${negate ? "IS NOT" : "IS"} ${value ? "true" : "false"}`;
  }
  protected override renderConcat(left: string, right: string): string {
    return `concat(${left}, ${right})`;
  }
  protected override renderFunction(name: string, args: string[], f: FunctionCall): string {
    if (name.toLowerCase() === "random" && args.length === 0) return "rand()";
    return super.renderFunction(name, args, f);
  }
  protected override renderLimitOffset(s: SelectBase): string {
    if (s._offset && !s._limit) return ` LIMIT 18446744073709551615 OFFSET ${this.process(s._offset)}`;
    return super.renderLimitOffset(s);
  }
  protected override renderForUpdate(s: Select): string {
    const f = s._forUpdate!;
    let sql = f.read ? " LOCK IN SHARE MODE" : " FOR UPDATE";
    if (f.read && (f.nowait || f.skipLocked)) sql = " FOR SHARE";
    if (f.of?.length) throw new CompileError(`${this.dialect.name}: FOR UPDATE OF is not supported; lock the whole select`);
    if (f.nowait) sql += " NOWAIT";
    if (f.skipLocked) sql += " SKIP LOCKED";
    return sql;
  }
  protected override emptyInsertValues(): string {
    return " () VALUES ()";
  }
  protected override renderExcludedColumn(parent: ExcludedTable, name: string): string {
    if (parent.style === "inserted") return `VALUES(${this.quote(name)})`;
    throw new CompileError("mysql has no `excluded` row: use stmt.inserted.c.<column> inside onDuplicateKeyUpdate()");
  }
  protected override renderOnConflict(_i: Insert): string {
    throw new CompileError(`${this.dialect.name} has no ON CONFLICT; use onDuplicateKeyUpdate()`);
  }
  protected override renderOnDuplicate(i: Insert): string {
    const sets = i._onDuplicate!.map(([c, v]) => `${this.quote(c.name)} = ${this.process(v)}`).join(", ");
    return ` ON DUPLICATE KEY UPDATE ${sets}`;
  }
  /** Multi-table UPDATE/DELETE (`UPDATE t, x SET ...`, `DELETE FROM t USING t, x`); single-table: the default. */
  renderUpdate(u: Update, extra: readonly FromClause[], set: (qualified: boolean) => string): string | undefined {
    if (!extra.length) return undefined;
    this.checkNoReturning(u);
    let sql = `UPDATE ${this.tableName(u.table)}, ${extra.map((f) => this.process(f)).join(", ")} SET ${set(true)}`;
    const where = u.whereClause;
    if (where) sql += ` WHERE ${this.predicate(where)}`;
    return sql;
  }
  renderDelete(d: Delete, extra: readonly FromClause[]): string | undefined {
    if (!extra.length) return undefined;
    this.checkNoReturning(d);
    let sql = `DELETE FROM ${this.tableName(d.table)} USING ${this.tableName(d.table)}, ${extra.map((f) => this.process(f)).join(", ")}`;
    const where = d.whereClause;
    if (where) sql += ` WHERE ${this.predicate(where)}`;
    return sql;
  }
  private checkNoReturning(stmt: Update | Delete): void {
    if (stmt._returning.length) throw new CompileError(`${this.dialect.name}: RETURNING is not supported on a multi-table ${stmt.kind.toUpperCase()}`);
  }
}
