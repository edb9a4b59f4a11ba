/**
 * DDL compiler: CREATE/DROP TABLE and INDEX, ALTER TABLE ADD/DROP CONSTRAINT. Expressions inside DDL
 * (server defaults, CHECK constraints) are rendered by the statement compiler with literal values.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type { AddConstraint, CreateIndex, CreateTable, DropConstraint, DropIndex, DropTable } from "../../sql/ddl/ddl.js";
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
import type { SQLCompiler } from "./compiler.js";

export class DDLCompiler {
  constructor(readonly sql: SQLCompiler) {}

  get dialect() {
    return this.sql.dialect;
  }

  protected q(name: string): string {
    return this.sql.quote(name);
  }

  protected tableName(t: TableImpl): string {
    return this.dialect.preparer.quoteQualified(t.schema, t.name);
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
      default:
        throw new CompileError(`not a DDL construct: ${node.kind}`);
    }
  }

  createTable(ct: CreateTable): string {
    const t = ct.table;
    const omit = new Set<unknown>(ct.options.omitForeignKeys ?? []);
    const lines: string[] = t.columns.map((c) => this.columnSpec(c));
    const pk = t.primaryKeyColumns;
    if (pk.length && !this.inlinePrimaryKey(t)) {
      const named = t.constraints.find((c): c is PrimaryKeyConstraintImpl => c instanceof PrimaryKeyConstraintImpl);
      lines.push(`${named?.name ? `CONSTRAINT ${this.q(named.name)} ` : ""}PRIMARY KEY (${pk.map((c) => this.q(c.name)).join(", ")})`);
    }
    for (const c of t.columns) {
      if (c.unique && !c.primaryKey) lines.push(`UNIQUE (${this.q(c.name)})`);
    }
    for (const con of t.constraints) {
      if (con instanceof PrimaryKeyConstraintImpl || omit.has(con)) continue;
      lines.push(this.constraintSpec(con));
    }
    for (const c of t.columns) {
      for (const fk of c.foreignKeys) if (!omit.has(fk) && !fk.options.useAlter) lines.push(this.foreignKeySpec([c.name], fk.targetTableName, [fk.targetColumnName], fk.options));
    }
    lines.push(...this.extraTableConstraints(t));
    const ifne = ct.options.ifNotExists ? "IF NOT EXISTS " : "";
    return `CREATE TABLE ${ifne}${this.tableName(t)} (\n\t${lines.join(",\n\t")}\n)${this.tableSuffix(t)}`;
  }

  /** Hook: SQLite writes `INTEGER PRIMARY KEY AUTOINCREMENT`-style keys inline. */
  protected inlinePrimaryKey(_t: TableImpl): boolean {
    return false;
  }

  /** Hook: CHECK constraints for non-native enums and booleans, etc. */
  protected extraTableConstraints(_t: TableImpl): string[] {
    return [];
  }

  /** Hook: table options after the closing parenthesis (MySQL ENGINE, comments). */
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

  protected defaultClause(c: ColumnImpl): string | null {
    const d = c.serverDefault;
    if (d === undefined) return null;
    if (typeof d === "string") return this.sql.renderStringLiteral(d);
    return this.renderExpression(d);
  }

  /** Renders an expression in DDL with values inlined (DDL has no parameters). */
  renderExpression(e: ClauseElement): string {
    const inner = new (this.sql.constructor as new (d: unknown, b: readonly unknown[], l: boolean) => SQLCompiler)(this.dialect, [], true);
    return (inner as unknown as { compileTemplate(e: ClauseElement): { sql: string } }).compileTemplate(e).sql;
  }

  constraintSpec(con: Constraint): string {
    const name = con.name ? `CONSTRAINT ${this.q(con.name)} ` : "";
    if (con instanceof UniqueConstraintImpl) return `${name}UNIQUE (${con.columnNames.map((n) => this.q(n)).join(", ")})`;
    if (con instanceof CheckConstraintImpl) {
      const text = typeof con.sqltext === "string" ? con.sqltext : this.renderExpression(con.sqltext);
      return `${name}CHECK (${text})`;
    }
    if (con instanceof ForeignKeyConstraintImpl) {
      return this.foreignKeySpec(con.columnNames, con.referredTable, con.referredColumnNames, { ...con.options, name: con.name });
    }
    throw new CompileError("unknown constraint");
  }

  foreignKeySpec(cols: string[], refTable: string, refCols: string[], options: ForeignKeyOptions): string {
    const name = options.name ? `CONSTRAINT ${this.q(options.name)} ` : "";
    const parts = refTable.split(".");
    const ref = parts.length > 1 ? this.dialect.preparer.quoteQualified(parts[0]!, parts[1]!) : this.q(refTable);
    let sql = `${name}FOREIGN KEY(${cols.map((c) => this.q(c)).join(", ")}) REFERENCES ${ref} (${refCols.map((c) => this.q(c)).join(", ")})`;
    if (options.ondelete) sql += ` ON DELETE ${options.ondelete}`;
    if (options.onupdate) sql += ` ON UPDATE ${options.onupdate}`;
    if (options.deferrable) sql += " DEFERRABLE";
    if (options.initially) sql += ` INITIALLY ${options.initially}`;
    return sql;
  }

  dropTable(dt: DropTable): string {
    return `DROP TABLE ${dt.options.ifExists ? "IF EXISTS " : ""}${this.tableName(dt.table)}`;
  }

  createIndex(ci: CreateIndex): string {
    const idx = ci.index;
    if (!idx.table) throw new CompileError(`Index ${idx.name} is not attached to a table`);
    const cols = idx.expressions.map((e) => (e.kind === "column" ? this.q((e as ColumnImpl).name) : this.renderExpression(e)));
    return `CREATE ${idx.unique ? "UNIQUE " : ""}INDEX ${ci.options.ifNotExists ? "IF NOT EXISTS " : ""}${this.q(idx.name)} ON ${this.tableName(idx.table as unknown as TableImpl)} (${cols.join(", ")})`;
  }

  dropIndex(di: DropIndex): string {
    return `DROP INDEX ${di.options.ifExists ? "IF EXISTS " : ""}${this.q(di.index.name)}`;
  }

  addConstraint(ac: AddConstraint): string {
    const c = ac.constraint;
    const spec =
      c instanceof ForeignKey
        ? this.foreignKeySpec([c.parent!.name], c.targetTableName, [c.targetColumnName], c.options)
        : this.constraintSpec(c);
    return `ALTER TABLE ${this.tableName(ac.table)} ADD ${spec}`;
  }

  dropConstraint(dc: DropConstraint): string {
    return `ALTER TABLE ${this.tableName(dc.table)} DROP CONSTRAINT ${this.q(dc.name)}`;
  }
}
