/**
 * DDL compiler: CREATE/DROP TABLE and INDEX, ALTER TABLE ADD/DROP CONSTRAINT, CREATE/DROP TYPE.
 * Expressions inside DDL (server defaults, CHECK constraints) are rendered by the statement
 * compiler with literal values; string literals go through the dialect's `renderStringLiteral`
 * (quotes doubled, MySQL backslashes doubled, NUL refused).
 *
 * Column comments: rendered inline on MySQL only. PostgreSQL and MSSQL need separate statements
 * (`COMMENT ON COLUMN`, `sp_addextendedproperty`), which are not emitted; SQLite has no comments.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type {
  AddConstraint,
  CreateEnumType,
  CreateIndex,
  CreateTable,
  DropConstraint,
  DropEnumType,
  DropIndex,
  DropTable,
} from "../../sql/ddl/ddl.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import {
  CheckConstraintImpl,
  ForeignKeyConstraintImpl,
  PrimaryKeyConstraintImpl,
  UniqueConstraintImpl,
  type Constraint,
} from "../../sql/schema/constraints.js";
import { ForeignKey, type ForeignKeyOptions } from "../../sql/schema/foreign-key.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { EnumType } from "../../sql/types/string.js";
import type { SQLCompiler } from "./compiler.js";

export class DDLCompiler {
  declare readonly sql: SQLCompiler;
  constructor(sql: SQLCompiler) {
    this.sql = sql;
  }

  get dialect() {
    return this.sql.dialect;
  }

  /** `ALTER TABLE ... ADD/DROP CONSTRAINT` exists (not on SQLite). */
  get supportsAlterConstraint(): boolean {
    return true;
  }

  protected q(name: string): string {
    return this.sql.quote(name);
  }

  protected tableName(t: TableImpl): string {
    return this.dialect.preparer.quoteQualified(t.schema, t.name);
  }

  protected literal(s: string): string {
    return this.sql.renderStringLiteral(s);
  }

  process(node: ClauseElement): string {
    switch (node.kind) {
      case "createTable":
        return this.createTable(node as CreateTable);
      case "dropTable":
        return this.dropTable(node as DropTable);
      case "createIndex":
        return this.createIndex(node as CreateIndex);
      case "dropIndex":
        return this.dropIndex(node as DropIndex);
      case "addConstraint":
        return this.addConstraint(node as AddConstraint);
      case "dropConstraint":
        return this.dropConstraint(node as DropConstraint);
      case "createType":
        return this.createType(node as CreateEnumType);
      case "dropType":
        return this.dropType(node as DropEnumType);
      default:
        throw new CompileError(`not a DDL construct: ${node.kind}`);
    }
  }

  createTable(ct: CreateTable): string {
    const t = ct.table;
    const omit = new Set<unknown>(ct.options.omitForeignKeys ?? []);
    const deferUseAlter = this.supportsAlterConstraint;
    const lines: string[] = t.columns.map((c) => this.columnSpec(c));
    const pk = t.primaryKeyColumns;
    if (pk.length && !this.inlinePrimaryKey(t)) {
      const named = t.constraints.find((c): c is PrimaryKeyConstraintImpl => c instanceof PrimaryKeyConstraintImpl);
      lines.push(`${named?.name ? `CONSTRAINT ${this.q(named.name)} ` : ""}PRIMARY KEY (${pk.map((c) => this.q(c.name)).join(", ")})`);
    }
    for (const c of t.columns) {
      // unique + index is a UNIQUE INDEX (created after the table), as in SQLAlchemy
      if (c.unique && !c.index && !c.primaryKey) lines.push(`UNIQUE (${this.q(c.name)})`);
    }
    for (const con of t.constraints) {
      if (con instanceof PrimaryKeyConstraintImpl || omit.has(con)) continue;
      if (con instanceof ForeignKeyConstraintImpl && con.options.useAlter && deferUseAlter) continue;
      lines.push(this.constraintSpec(con));
    }
    for (const c of t.columns) {
      for (const fk of c.foreignKeys) {
        if (omit.has(fk) || (fk.options.useAlter && deferUseAlter)) continue;
        lines.push(this.foreignKeySpec([c.name], fk.targetTableName, [fk.targetColumnName], fk.options));
      }
    }
    lines.push(...this.extraTableConstraints(t));
    const ifne = ct.options.ifNotExists ? "IF NOT EXISTS " : "";
    return `CREATE TABLE ${ifne}${this.tableName(t)} (\n\t${lines.join(",\n\t")}\n)${this.tableSuffix(t)}`;
  }

  /** Hook: a dialect that writes the primary key inline in the column (none by default). */
  protected inlinePrimaryKey(_t: TableImpl): boolean {
    return false;
  }

  /** Does this dialect store `Enum` natively (no CHECK constraint needed)? */
  protected nativeEnum(_type: EnumType): boolean {
    return false;
  }

  /** Hook: CHECK constraints for non-native enums: `CHECK (col IN ('a', 'b'))`. */
  protected extraTableConstraints(t: TableImpl): string[] {
    const out: string[] = [];
    for (const c of t.columns) {
      if (c.type.kind !== "enum") continue;
      const e = c.type as EnumType;
      if (this.nativeEnum(e) || e.options.createConstraint === false) continue;
      out.push(`CHECK (${this.q(c.name)} IN (${e.values.map((v) => this.literal(v)).join(", ")}))`);
    }
    return out;
  }

  /** Hook: table options after the closing parenthesis (MySQL COMMENT). */
  protected tableSuffix(_t: TableImpl): string {
    return "";
  }

  columnSpec(c: ColumnImpl): string {
    let spec = `${this.q(c.name)} ${this.columnType(c)}`;
    const def = this.defaultClause(c);
    if (def) spec += ` DEFAULT ${def}`;
    if (!c.nullable) spec += " NOT NULL";
    spec += this.columnSuffix(c);
    return spec;
  }

  /** Hook: the column's type including autoincrement spelling (SERIAL, IDENTITY, AUTO_INCREMENT). */
  protected columnType(c: ColumnImpl): string {
    return this.dialect.typeCompiler.process(c.type);
  }

  protected columnSuffix(_c: ColumnImpl): string {
    return "";
  }

  /** A string server default is a quoted literal; an expression (`func.now()`, `text("0")`) is rendered. */
  protected defaultClause(c: ColumnImpl): string | null {
    const d = c.serverDefault;
    if (d === undefined) return null;
    if (typeof d === "string") return this.literal(d);
    return this.renderExpression(d);
  }

  /** Renders an expression in DDL with values inlined (DDL has no parameters). */
  renderExpression(e: ClauseElement): string {
    const inner = new (this.sql.constructor as new (d: unknown, b: readonly unknown[], l: boolean) => SQLCompiler)(this.dialect, [], true);
    return (inner as unknown as { compileTemplate(e: ClauseElement): { sql: string } }).compileTemplate(e).sql;
  }

  constraintSpec(con: Constraint, nameOverride?: string): string {
    const cname = nameOverride ?? con.name;
    const name = cname ? `CONSTRAINT ${this.q(cname)} ` : "";
    if (con instanceof UniqueConstraintImpl) return `${name}UNIQUE (${con.columnNames.map((n) => this.q(n)).join(", ")})`;
    if (con instanceof CheckConstraintImpl) {
      const text = typeof con.sqltext === "string" ? con.sqltext : this.renderExpression(con.sqltext);
      return `${name}CHECK (${text})`;
    }
    if (con instanceof ForeignKeyConstraintImpl) {
      return this.foreignKeySpec(con.columnNames, con.referredTable, con.referredColumnNames, { ...con.options, name: cname });
    }
    if (con instanceof PrimaryKeyConstraintImpl) return `${name}PRIMARY KEY (${con.columnNames.map((n) => this.q(n)).join(", ")})`;
    throw new CompileError("unknown constraint");
  }

  foreignKeySpec(cols: string[], refTable: string, refCols: string[], options: ForeignKeyOptions): string {
    const name = options.name ? `CONSTRAINT ${this.q(options.name)} ` : "";
    const parts = refTable.split(".");
    const ref = parts.length > 1 ? this.dialect.preparer.quoteQualified(parts[0]!, parts[1]!) : this.q(refTable);
    let sql = `${name}FOREIGN KEY(${cols.map((c) => this.q(c)).join(", ")}) REFERENCES ${ref} (${refCols.map((c) => this.q(c)).join(", ")})`;
    if (options.ondelete) sql += ` ON DELETE ${options.ondelete}`;
    if (options.onupdate) sql += ` ON UPDATE ${options.onupdate}`;
    sql += this.deferrableClause(options);
    return sql;
  }

  protected deferrableClause(options: ForeignKeyOptions): string {
    let sql = "";
    if (options.deferrable) sql += " DEFERRABLE";
    if (options.initially) sql += ` INITIALLY ${options.initially}`;
    return sql;
  }

  dropTable(dt: DropTable): string {
    return `DROP TABLE ${dt.options.ifExists ? "IF EXISTS " : ""}${this.tableName(dt.table)}`;
  }

  protected indexTable(name: string, t: TableImpl | null): TableImpl {
    if (!t) throw new CompileError(`Index ${name} is not attached to a table`);
    return t;
  }

  createIndex(ci: CreateIndex): string {
    const idx = ci.index;
    const t = this.indexTable(idx.name, idx.table as unknown as TableImpl | null);
    const cols = idx.expressions.map((e) => (e.kind === "column" ? this.q((e as ColumnImpl).name) : this.renderExpression(e)));
    return `CREATE ${idx.unique ? "UNIQUE " : ""}INDEX ${ci.options.ifNotExists ? "IF NOT EXISTS " : ""}${this.q(idx.name)} ON ${this.tableName(t)} (${cols.join(", ")})`;
  }

  /** `DROP INDEX [schema.]name` (PostgreSQL, SQLite: an index lives in its table's schema). */
  dropIndex(di: DropIndex): string {
    const t = di.index.table as unknown as TableImpl | null;
    return `DROP INDEX ${di.options.ifExists ? "IF EXISTS " : ""}${this.dialect.preparer.quoteQualified(t?.schema ?? null, di.index.name)}`;
  }

  protected noAlter(what: string): never {
    throw new CompileError(
      `${this.dialect.name} cannot ${what} on an existing table (no ALTER TABLE ... ADD/DROP CONSTRAINT): declare the constraint in CREATE TABLE, or recreate the table`,
    );
  }

  addConstraint(ac: AddConstraint): string {
    if (!this.supportsAlterConstraint) this.noAlter("add a constraint");
    const c = ac.constraint;
    const spec =
      c instanceof ForeignKey
        ? this.foreignKeySpec([c.parent!.name], c.targetTableName, [c.targetColumnName], { ...c.options, name: ac.options.name ?? c.options.name })
        : this.constraintSpec(c, ac.options.name);
    return `ALTER TABLE ${this.tableName(ac.table)} ADD ${spec}`;
  }

  dropConstraint(dc: DropConstraint): string {
    if (!this.supportsAlterConstraint) this.noAlter("drop a constraint");
    return `ALTER TABLE ${this.tableName(dc.table)} DROP CONSTRAINT ${this.q(dc.name)}`;
  }

  createType(ct: CreateEnumType): string {
    throw new CompileError(`${this.dialect.name} has no CREATE TYPE: Enum ${ct.type.name} is written inline (ENUM(...) on MySQL, VARCHAR + CHECK elsewhere)`);
  }

  dropType(dt: DropEnumType): string {
    throw new CompileError(`${this.dialect.name} has no DROP TYPE (Enum ${dt.type.name})`);
  }
}
