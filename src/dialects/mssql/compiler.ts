import { CompileError } from "../../errors.js";
import type { ColumnElement } from "../../sql/elements/elements.js";
import type { FunctionCall } from "../../sql/elements/functions.js";
import type { Delete, DeleteCompiler } from "../../sql/dml/delete.js";
import type { Insert } from "../../sql/dml/insert.js";
import type { Update, UpdateCompiler } from "../../sql/dml/update.js";
import type { Alias, FromClause } from "../../sql/selectable/from-clause.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { Select, SelectBase } from "../../sql/selectable/select.js";
import { SQLCompiler } from "../base/compiler.js";
import { NULLS_ORDERING_HINT, FILTER_HINT, DISTINCT_ON_HINT, ON_CONFLICT_CONSTRAINT_HINT, setOperatorHint } from "../base/feature-hints.js";

/** Boolean expressions that are predicates, not values, in T-SQL (a select list needs CASE WHEN). */
const PREDICATE_KINDS = new Set(["binary", "like", "isNull", "between", "inList", "inSubquery", "clauseList", "unary"]);

/** What to write instead of the constructs SQL Server lacks (`SQLCompiler.unsupported`). */
const HINTS: Readonly<Record<string, string>> = {
  "NULLS FIRST": NULLS_ORDERING_HINT,
  "NULLS LAST": NULLS_ORDERING_HINT,
  "FILTER (WHERE ...) on aggregates": FILTER_HINT,
  "DISTINCT ON": DISTINCT_ON_HINT,
  "ON CONFLICT": "use a MERGE statement via text()",
  "ON CONFLICT ON CONSTRAINT": ON_CONFLICT_CONSTRAINT_HINT,
};

export class MSSQLCompiler extends SQLCompiler implements UpdateCompiler, DeleteCompiler {
  protected override featureHint(feature: string): string {
    return HINTS[feature] ?? setOperatorHint(feature) ?? "";
  }

  protected override recursiveKeyword(): string {
    return "";
  }
  /** T-SQL has no `IS TRUE`: compare the BIT, keeping IS semantics for NULL. */
  protected override renderIsBoolean(left: string, negate: boolean, value: boolean): string {
    const v = value ? "1" : "0";
    return negate ? `(${left} IS NULL OR ${left} <> ${v})` : `${left} = ${v}`;
  }
  protected override renderConcat(left: string, right: string): string {
    return `${left} + ${right}`;
  }
  protected override renderBytesLiteral(b: Uint8Array): string {
    return `0x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`;
  }
  override renderStringLiteral(s: string): string {
    return "N" + super.renderStringLiteral(s);
  }
  protected override renderFunction(name: string, args: string[], f: FunctionCall): string {
    const lower = name.toLowerCase();
    if (lower === "now" && args.length === 0) return "CURRENT_TIMESTAMP";
    if (lower === "length" || lower === "char_length") return `LEN(${args.join(", ")})`;
    if (lower === "random" && args.length === 0) return "RAND()";
    return super.renderFunction(name, args, f);
  }
  /** EXISTS is not a value in a select list on SQL Server: wrap it in CASE. */
  protected override selectColumnExpression(c: ColumnElement<unknown>): string {
    const sql = this.process(c);
    if (c.kind === "exists" || (c.type.kind === "boolean" && PREDICATE_KINDS.has(c.kind))) {
      return `CASE WHEN ${sql} THEN 1 ELSE 0 END`;
    }
    return sql;
  }
  protected override renderTop(s: SelectBase): string {
    return s._limit && !s._offset ? `TOP (${this.process(s._limit)}) ` : "";
  }
  protected override renderOrderLimit(s: SelectBase): string {
    let sql = "";
    if (s._orderBy.length) sql += ` ORDER BY ${s._orderBy.map((o) => this.process(o)).join(", ")}`;
    if (s._offset) {
      if (!s._orderBy.length) sql += " ORDER BY (SELECT NULL)";
      sql += ` OFFSET ${this.process(s._offset)} ROWS`;
      if (s._limit) sql += ` FETCH NEXT ${this.process(s._limit)} ROWS ONLY`;
    } else if (s._limit && s.kind === "compoundSelect") {
      // no TOP on a compound select: OFFSET 0 ROWS FETCH NEXT n ROWS ONLY (ORDER BY is mandatory)
      if (!s._orderBy.length) sql += " ORDER BY (SELECT NULL)";
      sql += ` OFFSET 0 ROWS FETCH NEXT ${this.process(s._limit)} ROWS ONLY`;
    }
    return sql;
  }
  protected override renderLimitOffset(_s: SelectBase): string {
    return "";
  }
  /** FOR UPDATE becomes a table hint on each locked table (only those in `of` when given). */
  protected override tableHint(t: TableImpl): string {
    return this.lockHint(t);
  }
  protected override aliasHint(a: Alias): string {
    return a.element.kind === "table" ? this.lockHint(a) : "";
  }
  private lockHint(from: FromClause): string {
    const f = this.forUpdateHint;
    if (!f) return "";
    if (f.of?.length && !f.of.includes(from)) return "";
    const hints = [f.read ? "HOLDLOCK" : "UPDLOCK", "ROWLOCK"];
    if (f.nowait) hints.push("NOWAIT");
    if (f.skipLocked) hints.push("READPAST");
    return ` WITH (${hints.join(", ")})`;
  }
  protected override renderForUpdate(_s: Select): string {
    return "";
  }
  protected override renderOutput(stmt: Insert | Update | Delete, prefix: string): string {
    if (!stmt._returning.length) return "";
    return ` OUTPUT ${this.returningList(stmt, stmt.kind === "delete" ? "deleted" : prefix)}`;
  }
  override renderReturning(): string {
    return "";
  }
  /** `UPDATE t SET ... OUTPUT inserted.* [FROM t, x] WHERE ...` (the dialect hook of sql/dml/update.ts). */
  renderUpdate(u: Update, extra: readonly FromClause[], set: (qualified: boolean) => string): string {
    let sql = `UPDATE ${this.tableName(u.table)} SET ${set(false)}${this.renderOutput(u, "inserted")}`;
    if (extra.length) sql += ` FROM ${this.tableName(u.table)}, ${extra.map((f) => this.process(f)).join(", ")}`;
    const where = u.whereClause;
    if (where) sql += ` WHERE ${this.predicate(where)}`;
    return sql;
  }
  /** `DELETE FROM t OUTPUT deleted.* [FROM t, x] WHERE ...` (the dialect hook of sql/dml/delete.ts). */
  renderDelete(d: Delete, extra: readonly FromClause[]): string {
    let sql = `DELETE FROM ${this.tableName(d.table)}${this.renderOutput(d, "deleted")}`;
    if (extra.length) sql += ` FROM ${this.tableName(d.table)}, ${extra.map((f) => this.process(f)).join(", ")}`;
    const where = d.whereClause;
    if (where) sql += ` WHERE ${this.predicate(where)}`;
    return sql;
  }
}
