/**
 * The neutral schema model autogenerate compares and renders: plain table, column and constraint
 * definitions made either from reflection (the database side) or from a MetaData (the model
 * side), and the diff operations between them.
 * @module
 */
import type { ReflectedTable } from "../../dialects/base/reflection.js";
import type { ClauseElement } from "../../sql/elements/clause.js";
import { dialectInstance } from "./compare-types.js";
import type { ColumnImpl } from "../../sql/schema/column.js";
import { CheckConstraintImpl, ForeignKeyConstraintImpl, UniqueConstraintImpl } from "../../sql/schema/constraints.js";
import type { TableImpl } from "../../sql/schema/table.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";

/** A server default: a string literal (`DEFAULT 'abc'`) or raw SQL (`now()`, `0`). */
export type ServerDefaultDef = { literal: string } | { sql: string };

export interface ColumnDef {
  name: string;
  type: TypeEngine;
  nullable: boolean;
  serverDefault: ServerDefaultDef | null;
  /** `"auto"`: the Core default (an integer single-column key autoincrements). */
  autoincrement: boolean | "auto";
  comment: string | null;
}

export interface PrimaryKeyDef {
  name: string | null;
  columns: string[];
}

export interface ForeignKeyDef {
  name: string | null;
  columns: string[];
  /** `table` or `schema.table`. */
  referredTable: string;
  referredColumns: string[];
  ondelete: string | null;
  onupdate: string | null;
}

export interface UniqueDef {
  name: string | null;
  columns: string[];
}

export interface IndexDef {
  name: string;
  /** Column names; null for an expression (such indexes are not compared). */
  columns: (string | null)[];
  unique: boolean;
}

export interface CheckDef {
  name: string | null;
  sqltext: string;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
  primaryKey: PrimaryKeyDef | null;
  foreignKeys: ForeignKeyDef[];
  uniqueConstraints: UniqueDef[];
  checkConstraints: CheckDef[];
  indexes: IndexDef[];
}

/** One difference between the database and the model, as Alembic's autogenerate reports it. */
export type DiffOp =
  | { kind: "addTable"; table: TableDef; hint?: string }
  | { kind: "removeTable"; table: TableDef }
  | { kind: "addColumn"; table: string; column: ColumnDef; hint?: string }
  | { kind: "removeColumn"; table: string; column: ColumnDef }
  | { kind: "addIndex"; table: string; index: IndexDef }
  | { kind: "removeIndex"; table: string; index: IndexDef }
  | { kind: "addUniqueConstraint"; table: string; constraint: UniqueDef }
  | { kind: "removeUniqueConstraint"; table: string; constraint: UniqueDef }
  | { kind: "addForeignKey"; table: string; fk: ForeignKeyDef }
  | { kind: "removeForeignKey"; table: string; fk: ForeignKeyDef }
  | { kind: "modifyType"; table: string; column: string; from: TypeEngine; to: TypeEngine; existingNullable: boolean }
  | { kind: "modifyNullable"; table: string; column: string; from: boolean; to: boolean; existingType: TypeEngine }
  | {
      kind: "modifyServerDefault";
      table: string;
      column: string;
      from: ServerDefaultDef | null;
      to: ServerDefaultDef | null;
      existingType: TypeEngine;
      existingNullable: boolean;
    };

const normAction = (a: string | null | undefined): string | null => {
  const s = a?.toUpperCase() ?? null;
  return s === null || s === "NO ACTION" || s === "RESTRICT" ? null : s;
};

/** The database side: reflected data as definitions. */
export function tableDefFromReflection(t: ReflectedTable): TableDef {
  const pkCols = t.primaryKey?.constrainedColumns ?? [];
  const isInt = (k: string) => k === "integer" || k === "bigint" || k === "smallint";
  return {
    name: t.name,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      serverDefault: c.default === null ? null : { sql: c.default },
      // reflection knows: a lone integer key that does not autoincrement must say so
      autoincrement: pkCols.length === 1 && pkCols[0] === c.name && isInt(c.type.kind) ? c.autoincrement : c.autoincrement ? true : "auto",
      comment: c.comment,
    })),
    primaryKey: t.primaryKey && t.primaryKey.constrainedColumns.length ? { name: t.primaryKey.name, columns: [...t.primaryKey.constrainedColumns] } : null,
    foreignKeys: t.foreignKeys.map((f) => ({
      name: f.name,
      columns: [...f.constrainedColumns],
      referredTable: f.referredSchema ? `${f.referredSchema}.${f.referredTable}` : f.referredTable,
      referredColumns: [...f.referredColumns],
      ondelete: normAction(f.ondelete),
      onupdate: normAction(f.onupdate),
    })),
    uniqueConstraints: t.uniqueConstraints.map((u) => ({ name: u.name, columns: [...u.columns] })),
    checkConstraints: t.checkConstraints.map((c) => ({ name: c.name, sqltext: c.sqltext })),
    indexes: t.indexes.map((i) => ({ name: i.name, columns: [...i.columns], unique: i.unique })),
  };
}

/** SQL text of an expression for `dialect` with values inlined (server defaults, CHECK conditions). */
export function expressionSQL(e: ClauseElement, dialect: string): string {
  if (e.kind === "textClause") return (e as unknown as { text: string }).text;
  return dialectInstance(dialect).compile(e, { literalBinds: true }).sql;
}

function serverDefaultOf(c: ColumnImpl, dialect: string): ServerDefaultDef | null {
  const d = c.serverDefault;
  if (d === undefined) return null;
  if (typeof d === "string") return { literal: d };
  return { sql: expressionSQL(d, dialect) };
}

/** The model side: a MetaData table as definitions (expressions compiled for `dialect`). */
export function tableDefFromMetadata(t: TableImpl, dialect: string): TableDef {
  const pk = t.primaryKeyColumns;
  const pkConstraint = t.constraints.find((c) => c.constraintKind === "primaryKey");
  const foreignKeys: ForeignKeyDef[] = [];
  const uniques: UniqueDef[] = [];
  const checks: CheckDef[] = [];
  for (const c of t.columns) {
    for (const fk of c.foreignKeys) {
      foreignKeys.push({
        name: fk.options.name ?? null,
        columns: [c.name],
        referredTable: fk.targetTableName,
        referredColumns: [fk.targetColumnName],
        ondelete: normAction(fk.options.ondelete),
        onupdate: normAction(fk.options.onupdate),
      });
    }
    if (c.unique && !c.index && !c.primaryKey) uniques.push({ name: null, columns: [c.name] });
  }
  for (const con of t.constraints) {
    if (con instanceof ForeignKeyConstraintImpl) {
      foreignKeys.push({
        name: con.name ?? null,
        columns: con.columnNames,
        referredTable: con.referredTable,
        referredColumns: con.referredColumnNames,
        ondelete: normAction(con.options.ondelete),
        onupdate: normAction(con.options.onupdate),
      });
    } else if (con instanceof UniqueConstraintImpl) {
      uniques.push({ name: con.name ?? null, columns: con.columnNames });
    } else if (con instanceof CheckConstraintImpl) {
      checks.push({ name: con.name ?? null, sqltext: typeof con.sqltext === "string" ? con.sqltext : expressionSQL(con.sqltext, dialect) });
    }
  }
  return {
    name: t.name,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      serverDefault: serverDefaultOf(c, dialect),
      autoincrement: c.autoincrement,
      comment: c.comment ?? null,
    })),
    primaryKey: pk.length ? { name: pkConstraint?.name ?? null, columns: pk.map((c) => c.name) } : null,
    foreignKeys,
    uniqueConstraints: uniques,
    checkConstraints: checks,
    indexes: t.allIndexes.map((ix) => ({
      name: ix.name,
      unique: ix.unique,
      columns: ix.expressions.map((e) => (e.kind === "column" ? (e as ColumnImpl).name : null)),
    })),
  };
}
