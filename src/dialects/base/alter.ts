/**
 * ALTER compilation for migrations (`alkahest/migrate` operations): ADD/DROP/ALTER COLUMN, RENAME
 * TABLE, indexes and named constraints on existing tables, rendered as SQL text per dialect.
 * The base class writes the ANSI / PostgreSQL forms; each dialect folder's `alter.ts` overrides
 * what it spells differently. Every method returns complete statements (no parameters: DDL has
 * none), so the same text serves online execution and offline `--sql` output.
 * @module
 */
import { CompileError } from "../../errors.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import { resolveType, type TypeArg, type TypeEngine } from "../../sql/types/type-engine.js";
import type { SQLCompiler } from "./compiler.js";
import type { DDLCompiler } from "./ddl-compiler.js";
import type { BaseDialect } from "./dialect.js";

/** A server default in a migration: a string literal, an expression (`text("0")`, `func.now()`), or null (none). */
export type ServerDefaultArg = string | ClauseElement | null;

/** What `op.alterColumn` changes; `undefined` leaves a property as it is. */
export interface AlterColumnChanges {
  type?: TypeArg;
  nullable?: boolean;
  /** New server default; `null` drops it. */
  serverDefault?: ServerDefaultArg;
  newColumnName?: string;
  existingType?: TypeArg;
  existingNullable?: boolean;
  existingServerDefault?: ServerDefaultArg;
}

/** Kinds of `op.dropConstraint(name, table, { type })`. */
export type ConstraintKind = "foreignkey" | "unique" | "check" | "primary";

/** Foreign-key options of `op.createForeignKey`. */
export interface ForeignKeyAlterOptions {
  ondelete?: string;
  onupdate?: string;
  deferrable?: boolean;
  initially?: string;
  sourceSchema?: string;
  referentSchema?: string;
}

/** A change that the dialect cannot make with ALTER TABLE and needs a table copy (SQLite batch mode). */
export type BatchChange =
  | { kind: "alterColumn"; column: string; changes: AlterColumnChanges }
  | { kind: "addConstraint"; spec: string }
  | { kind: "dropConstraint"; name: string };

export class AlterCompiler {
  declare readonly dialect: BaseDialect;
  declare readonly sql: SQLCompiler;
  declare readonly ddl: DDLCompiler;
  constructor(
    dialect: BaseDialect,
    sql: SQLCompiler,
    ddl: DDLCompiler,
  ) {
    this.dialect = dialect;
    this.sql = sql;
    this.ddl = ddl;
  }

  /** Quotes an identifier. */
  q(name: string): string {
    return this.dialect.preparer.quote(name);
  }

  /** `schema.table`, quoted as needed. */
  table(name: string, schema?: string | null): string {
    return this.dialect.preparer.quoteQualified(schema ?? null, name);
  }

  /** A string literal in this dialect's escaping. */
  literal(s: string): string {
    return this.sql.renderStringLiteral(s);
  }

  /** A type as written in DDL (a type or a type factory such as `Integer`). */
  typeName(type: TypeEngine | TypeArg): string {
    return this.dialect.typeCompiler.process(resolveType(type));
  }

  /** A server default: a string is a quoted literal, an expression is rendered inline. */
  defaultValue(d: string | ClauseElement): string {
    return typeof d === "string" ? this.literal(d) : this.ddl.renderExpression(d);
  }

  /** Renders an expression (CHECK condition, index expression) with values inlined. */
  expression(e: ClauseElement): string {
    return this.ddl.renderExpression(e);
  }

  /** Does `change` need a table copy (batch mode) on this dialect? Only SQLite says yes. */
  needsBatch(_change: BatchChange): boolean {
    return false;
  }

  /** `ALTER TABLE t ADD [COLUMN] <spec>` plus separate statements for the column's foreign keys. */
  addColumn(table: string, column: ColumnImpl, schema?: string): string[] {
    const out = [`ALTER TABLE ${this.table(table, schema)} ${this.addColumnKeyword()} ${this.ddl.columnSpec(column)}`];
    for (const fk of column.foreignKeys) {
      out.push(`ALTER TABLE ${this.table(table, schema)} ADD ${this.ddl.foreignKeySpec([column.name], fk.targetTableName, [fk.targetColumnName], fk.options)}`);
    }
    return out;
  }

  protected addColumnKeyword(): string {
    return "ADD COLUMN";
  }

  dropColumn(table: string, column: string, schema?: string): string[] {
    return [`ALTER TABLE ${this.table(table, schema)} DROP COLUMN ${this.q(column)}`];
  }

  /**
   * ALTER COLUMN in Alembic's order: nullability, server default, type, then the rename last.
   * PostgreSQL spelling; dialects override.
   */
  alterColumn(table: string, column: string, c: AlterColumnChanges, schema?: string): string[] {
    const t = `ALTER TABLE ${this.table(table, schema)}`;
    const col = this.q(column);
    const out: string[] = [];
    if (c.nullable !== undefined) out.push(`${t} ALTER COLUMN ${col} ${c.nullable ? "DROP NOT NULL" : "SET NOT NULL"}`);
    if (c.serverDefault !== undefined) {
      out.push(c.serverDefault === null ? `${t} ALTER COLUMN ${col} DROP DEFAULT` : `${t} ALTER COLUMN ${col} SET DEFAULT ${this.defaultValue(c.serverDefault)}`);
    }
    if (c.type !== undefined) out.push(`${t} ALTER COLUMN ${col} TYPE ${this.typeName(c.type)}`);
    if (c.newColumnName !== undefined && c.newColumnName !== column) out.push(this.renameColumn(table, column, c.newColumnName, schema));
    return out;
  }

  renameColumn(table: string, column: string, newName: string, schema?: string): string {
    return `ALTER TABLE ${this.table(table, schema)} RENAME COLUMN ${this.q(column)} TO ${this.q(newName)}`;
  }

  renameTable(oldName: string, newName: string, schema?: string): string {
    return `ALTER TABLE ${this.table(oldName, schema)} RENAME TO ${this.q(newName)}`;
  }

  createIndex(name: string, table: string, columns: readonly (string | ClauseElement)[], options: { unique?: boolean; schema?: string } = {}): string {
    const cols = columns.map((c) => (typeof c === "string" ? this.q(c) : this.expression(c)));
    return `CREATE ${options.unique ? "UNIQUE " : ""}INDEX ${this.q(name)} ON ${this.table(table, options.schema)} (${cols.join(", ")})`;
  }

  /** `DROP INDEX [schema.]name` (the table is not needed on PostgreSQL and SQLite). */
  dropIndex(name: string, _table?: string, schema?: string): string {
    return `DROP INDEX ${this.table(name, schema)}`;
  }

  /** The body of a named UNIQUE constraint (`CONSTRAINT n UNIQUE (a, b)`). */
  uniqueSpec(name: string | null, columns: readonly string[]): string {
    return `${name ? `CONSTRAINT ${this.q(name)} ` : ""}UNIQUE (${columns.map((c) => this.q(c)).join(", ")})`;
  }

  checkSpec(name: string | null, condition: string | ClauseElement): string {
    return `${name ? `CONSTRAINT ${this.q(name)} ` : ""}CHECK (${typeof condition === "string" ? condition : this.expression(condition)})`;
  }

  foreignKeySpec(name: string | null, referent: string, localCols: readonly string[], remoteCols: readonly string[], o: ForeignKeyAlterOptions = {}): string {
    const ref = o.referentSchema ? `${o.referentSchema}.${referent}` : referent;
    return this.ddl.foreignKeySpec([...localCols], ref, [...remoteCols], {
      ...(name ? { name } : {}),
      ...(o.ondelete ? { ondelete: o.ondelete } : {}),
      ...(o.onupdate ? { onupdate: o.onupdate } : {}),
      ...(o.deferrable ? { deferrable: o.deferrable } : {}),
      ...(o.initially ? { initially: o.initially } : {}),
    } as never);
  }

  /** `ALTER TABLE t ADD <spec>`. */
  addConstraint(table: string, spec: string, schema?: string): string {
    return `ALTER TABLE ${this.table(table, schema)} ADD ${spec}`;
  }

  dropConstraint(name: string, table: string, _kind: ConstraintKind | undefined, schema?: string): string {
    return `ALTER TABLE ${this.table(table, schema)} DROP CONSTRAINT ${this.q(name)}`;
  }

  protected unsupported(what: string): never {
    throw new CompileError(`${this.dialect.name} cannot ${what}`);
  }
}

