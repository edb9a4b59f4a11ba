/**
 * Schema generation plans: the ordered DDL for `metadata.createAll()` / `dropAll()`, computed
 * without I/O (the engine compiles and runs each element; `checkfirst` reflection happens there and
 * arrives here as `existing`).
 *
 * Create order: CREATE TYPE for PostgreSQL's named enums, then each table in foreign-key
 * dependency order followed by its indexes (as SQLAlchemy does), then `ALTER TABLE ... ADD
 * CONSTRAINT` for the foreign keys that close a cycle (and `useAlter` ones). On SQLite, which
 * cannot add constraints later, those foreign keys stay inline in CREATE TABLE: SQLite does not
 * check a foreign key's target when a table is created.
 *
 * Drop order: cycle foreign keys dropped first (where the dialect can), then tables dependents
 * first (their indexes go with them), then the enum types. A cycle foreign key without a name gets
 * the deterministic name `fk_<table>_<column>_<referred table>` in both plans, so that the
 * constraint created by one can be dropped by the other.
 * @module
 */
import { ForeignKeyConstraintImpl, type Constraint } from "../schema/constraints.js";
import type { ForeignKey } from "../schema/foreign-key.js";
import type { MetaData } from "../schema/metadata.js";
import type { TableImpl } from "../schema/table.js";
import type { EnumType } from "../types/string.js";
import {
  AddConstraint,
  CreateEnumType,
  CreateIndex,
  CreateTable,
  DropConstraint,
  DropEnumType,
  DropTable,
} from "./ddl.js";

export type SchemaPlanElement = CreateEnumType | CreateTable | CreateIndex | AddConstraint | DropConstraint | DropTable | DropEnumType;

export interface SchemaPlanOptions {
  /** Only these tables (default: every table of the MetaData). */
  tables?: readonly TableImpl[];
  /** The dialect name ("postgresql", "mysql", "sqlite", "mssql", ...): sets the capability defaults below. */
  dialect?: string;
  /** `ALTER TABLE ADD/DROP CONSTRAINT` exists (default: all but SQLite). */
  supportsAlterConstraint?: boolean;
  /** Named enums are database types created with CREATE TYPE (default: PostgreSQL only). */
  supportsNativeEnum?: boolean;
  /**
   * Tables (full names, `schema.table` when schema-qualified) known to exist (checkfirst).
   * createAllPlan skips them; dropAllPlan drops only tables listed here when it is given.
   */
  existing?: ReadonlySet<string>;
  /** Enum type names known to exist (createAllPlan skips them; dropAllPlan drops only these when given). */
  existingTypes?: ReadonlySet<string>;
}

type AnyFk = ForeignKey | ForeignKeyConstraintImpl;

/** A foreign key created after the tables, with the name used to create and drop it. */
export interface DeferredForeignKey {
  table: TableImpl;
  fk: AnyFk;
  name: string;
}

function capabilities(o: SchemaPlanOptions): { alter: boolean; nativeEnum: boolean } {
  const d = o.dialect ?? "default";
  return {
    alter: o.supportsAlterConstraint ?? d !== "sqlite",
    nativeEnum: o.supportsNativeEnum ?? d === "postgresql",
  };
}

function fkColumnNames(fk: AnyFk): string[] {
  return fk instanceof ForeignKeyConstraintImpl ? fk.columnNames : [fk.parent!.name];
}

function fkTargetName(fk: AnyFk): string {
  return fk instanceof ForeignKeyConstraintImpl ? fk.referredTable : fk.targetTableName;
}

function fkName(fk: AnyFk): string | undefined {
  return fk instanceof ForeignKeyConstraintImpl ? fk.name : fk.options.name;
}

function fkUseAlter(fk: AnyFk): boolean {
  return !!fk.options.useAlter;
}

function tableFks(t: TableImpl): AnyFk[] {
  return [...t.foreignKeys, ...t.constraints.filter((c): c is ForeignKeyConstraintImpl => c instanceof ForeignKeyConstraintImpl)];
}

/** `fk_<table>_<col>[_<col>...]_<referred table>` (the referred table without its schema). */
export function defaultForeignKeyName(table: TableImpl, fk: AnyFk): string {
  const ref = fkTargetName(fk).split(".").pop()!;
  return `fk_${table.name}_${fkColumnNames(fk).join("_")}_${ref}`;
}

function selectTables(metadata: MetaData, o: SchemaPlanOptions): TableImpl[] {
  return [...(o.tables ?? metadata.tables.values())];
}

/**
 * Sorts `tables` by dependency and finds the foreign keys that must be created after the tables:
 * those closing a cycle and those marked `useAlter`. Empty when the dialect cannot ALTER.
 */
export function planForeignKeys(metadata: MetaData, tables: readonly TableImpl[], alter: boolean): { order: TableImpl[]; deferred: DeferredForeignKey[] } {
  // sorted within the whole MetaData, so that order through tables left out (existing ones) holds
  const inPlan = new Set(tables);
  const { tables: full, cycles } = metadata.sortTables([...new Set([...metadata.tables.values(), ...tables])]);
  const order = full.filter((t) => inPlan.has(t));
  if (!alter) return { order, deferred: [] };
  const deferred: DeferredForeignKey[] = [];
  const seen = new Set<AnyFk>();
  const add = (table: TableImpl, fk: AnyFk) => {
    if (seen.has(fk)) return;
    seen.add(fk);
    deferred.push({ table, fk, name: fkName(fk) ?? defaultForeignKeyName(table, fk) });
  };
  for (const t of order) {
    for (const fk of tableFks(t)) {
      if (fkUseAlter(fk)) add(t, fk);
      else {
        const target = metadata.resolveTable(fkTargetName(fk));
        if (target && inPlan.has(target) && cycles.some(([before, after]) => before === target && after === t)) add(t, fk);
      }
    }
  }
  return { order, deferred };
}

function namedEnums(t: TableImpl): EnumType[] {
  return t.columns.map((c) => c.type).filter((ty): ty is EnumType => ty.kind === "enum" && !!(ty as EnumType).name);
}

/** The DDL for `createAll`, in execution order. */
export function createAllPlan(metadata: MetaData, options: SchemaPlanOptions = {}): SchemaPlanElement[] {
  const caps = capabilities(options);
  const existing = options.existing ?? new Set<string>();
  const all = selectTables(metadata, options);
  const tables = all.filter((t) => !existing.has(t.fullname));
  const { order, deferred } = planForeignKeys(metadata, tables, caps.alter);
  const out: SchemaPlanElement[] = [];
  if (caps.nativeEnum) {
    // a type already used by an existing table exists too
    const have = new Set<string>(options.existingTypes ?? []);
    for (const t of metadata.tables.values()) if (existing.has(t.fullname)) for (const e of namedEnums(t)) have.add(e.name!);
    for (const t of order) {
      for (const e of namedEnums(t)) {
        if (have.has(e.name!)) continue;
        have.add(e.name!);
        out.push(new CreateEnumType(e));
      }
    }
  }
  for (const t of order) {
    const omit = deferred.filter((d) => d.table === t).map((d) => d.fk);
    out.push(new CreateTable(t, omit.length ? { omitForeignKeys: omit as (ForeignKey | Constraint)[] } : {}));
    for (const idx of t.allIndexes) out.push(new CreateIndex(idx));
  }
  for (const d of deferred) out.push(new AddConstraint(d.table, d.fk, { name: d.name }));
  return out;
}

/** The DDL for `dropAll`, in execution order (the reverse of `createAllPlan`). */
export function dropAllPlan(metadata: MetaData, options: SchemaPlanOptions = {}): SchemaPlanElement[] {
  const caps = capabilities(options);
  const existing = options.existing;
  const all = selectTables(metadata, options);
  const tables = existing ? all.filter((t) => existing.has(t.fullname)) : all;
  const { order, deferred } = planForeignKeys(metadata, tables, caps.alter);
  const out: SchemaPlanElement[] = [];
  for (const d of deferred) out.push(new DropConstraint(d.table, d.name, "foreignKey"));
  const reversed = [...order].reverse();
  for (const t of reversed) out.push(new DropTable(t));
  if (caps.nativeEnum) {
    const dropped = new Set(tables);
    // a type still used by a table that stays (in the MetaData and not dropped) is kept
    const kept = new Set<string>();
    for (const t of metadata.tables.values()) {
      if (dropped.has(t) || (existing && !existing.has(t.fullname))) continue;
      for (const e of namedEnums(t)) kept.add(e.name!);
    }
    const done = new Set<string>();
    for (const t of reversed) {
      for (const e of namedEnums(t)) {
        const n = e.name!;
        if (kept.has(n) || done.has(n) || (options.existingTypes && !options.existingTypes.has(n))) continue;
        done.add(n);
        out.push(new DropEnumType(e));
      }
    }
  }
  return out;
}
