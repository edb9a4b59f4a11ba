/**
 * `compareMetadata`: the differences between a database (an Inspector, or a snapshot of one) and
 * a MetaData, as a list of {@link DiffOp}s in an order that can be applied: new tables (referenced
 * first), then per existing table dropped foreign keys, indexes and unique constraints, added
 * columns, modified columns, dropped columns, new unique constraints, indexes and foreign keys,
 * and last the dropped tables (dependents first). Renames are never guessed: a dropped and an
 * added column of the same type carry a `hint` that the script shows as a comment.
 * @module
 */
import type { DatabaseSnapshot } from "../../dialects/base/reflection.js";
import type { Inspector } from "../../engine/inspect.js";
import type { MetaData } from "../../sql/schema/metadata.js";
import { lit } from "./render-types.js";
import { defaultsDiffer, typesDiffer } from "./compare-types.js";
import { tableDefFromMetadata, tableDefFromReflection, type DiffOp, type ForeignKeyDef, type IndexDef, type TableDef, type UniqueDef } from "./model.js";

/** The version table, never compared. */
export const VERSION_TABLE = "alkahest_version";

export interface CompareOptions {
  /** Report changed column types (default true, as Alembic 1.12+). */
  compareType?: boolean;
  /** Report changed server defaults (default false: defaults read back in many spellings). */
  compareServerDefault?: boolean;
  /** Only tables for which this returns true are compared (both sides). */
  includeTable?: (name: string) => boolean;
  /**
   * Alembic's `include_object`: called for every difference found, with the object it is about;
   * false leaves that difference out of the result (a column, index, constraint or foreign key
   * another tool manages, a legacy column the models no longer declare ...).
   */
  includeObject?: (object: AutogenerateObject) => boolean;
}

/** What {@link CompareOptions.includeObject} is asked about. */
export interface AutogenerateObject {
  readonly type: "table" | "column" | "index" | "uniqueConstraint" | "foreignKey";
  /** The object's name (null for an unnamed constraint). */
  readonly name: string | null;
  /** The table it belongs to (for a table: its own name). */
  readonly table: string;
  /**
   * True when the object exists only in the database (it would be dropped); false when it is the
   * model's (added, or changed: a column whose type, nullability or default differs).
   */
  readonly reflected: boolean;
}

/** The object a difference is about, as {@link CompareOptions.includeObject} sees it. */
export function autogenerateObject(op: DiffOp): AutogenerateObject {
  switch (op.kind) {
    case "addTable":
    case "removeTable":
      return { type: "table", name: op.table.name, table: op.table.name, reflected: op.kind === "removeTable" };
    case "addColumn":
    case "removeColumn":
      return { type: "column", name: op.column.name, table: op.table, reflected: op.kind === "removeColumn" };
    case "modifyType":
    case "modifyNullable":
    case "modifyServerDefault":
      return { type: "column", name: op.column, table: op.table, reflected: false };
    case "addIndex":
    case "removeIndex":
      return { type: "index", name: op.index.name, table: op.table, reflected: op.kind === "removeIndex" };
    case "addUniqueConstraint":
    case "removeUniqueConstraint":
      return { type: "uniqueConstraint", name: op.constraint.name, table: op.table, reflected: op.kind === "removeUniqueConstraint" };
    case "addForeignKey":
    case "removeForeignKey":
      return { type: "foreignKey", name: op.fk.name, table: op.table, reflected: op.kind === "removeForeignKey" };
  }
}

const sameList = (a: readonly (string | null)[], b: readonly (string | null)[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Compares a database with a MetaData.
 *
 * @example
 * ```ts
 * const ops = await compareMetadata(inspect(engine), Base.metadata, { compareType: true });
 * const source = renderMigration({ revision: "ae1027a6acf", downRevision: null, message: "init", ops });
 * ```
 */
export async function compareMetadata(source: Inspector | DatabaseSnapshot, metadata: MetaData, options: CompareOptions = {}): Promise<DiffOp[]> {
  const include = options.includeTable ?? (() => true);
  const snapshot = "tables" in source ? source : await source.snapshot({ only: (n) => n !== VERSION_TABLE && include(n) });
  return compareSnapshot(snapshot, metadata, options);
}

/** {@link compareMetadata} on a snapshot (no I/O). */
export function compareSnapshot(snapshot: DatabaseSnapshot, metadata: MetaData, options: CompareOptions = {}): DiffOp[] {
  const include = options.includeTable ?? (() => true);
  const wanted = (n: string) => n !== VERSION_TABLE && include(n);
  const dialect = snapshot.dialect;
  const dbTables = new Map(snapshot.tables.filter((t) => wanted(t.name)).map((t) => [t.name, tableDefFromReflection(t)]));
  const modelTables = metadata.sortedTables.filter((t) => wanted(t.name));
  const modelByName = new Map(modelTables.map((t) => [t.name, t]));

  const ops: DiffOp[] = [];
  const added: TableDef[] = [];
  for (const t of modelTables) {
    if (!dbTables.has(t.name)) added.push(tableDefFromMetadata(t, dialect));
  }
  const removed = [...dbTables.values()].filter((t) => !modelByName.has(t.name));
  for (const t of added) {
    const names = t.columns.map((c) => c.name).sort().join(",");
    const twin = removed.find((r) => r.columns.map((c) => c.name).sort().join(",") === names);
    ops.push(twin ? { kind: "addTable", table: t, hint: `possible rename: table ${lit(twin.name)} -> ${lit(t.name)}` } : { kind: "addTable", table: t });
  }
  for (const t of modelTables) {
    const db = dbTables.get(t.name);
    if (db) ops.push(...compareTable(db, tableDefFromMetadata(t, dialect), dialect, options));
  }
  for (const t of sortForDrop(removed)) ops.push({ kind: "removeTable", table: t });
  const includeObject = options.includeObject;
  return includeObject ? ops.filter((op) => includeObject(autogenerateObject(op))) : ops;
}

/** Dropped tables, those referring to others first. */
function sortForDrop(tables: TableDef[]): TableDef[] {
  const names = new Set(tables.map((t) => t.name));
  const out: TableDef[] = [];
  const done = new Set<string>();
  const visit = (t: TableDef, stack: Set<string>) => {
    if (done.has(t.name) || stack.has(t.name)) return;
    stack.add(t.name);
    // tables referring to t must go before it
    for (const other of tables) if (other !== t && other.foreignKeys.some((f) => f.referredTable === t.name)) visit(other, stack);
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) if (names.has(t.name)) visit(t, new Set());
  return out;
}

function compareTable(db: TableDef, model: TableDef, dialect: string, options: CompareOptions): DiffOp[] {
  const table = model.name;
  const removeFks: DiffOp[] = [];
  const removeIdx: DiffOp[] = [];
  const addCols: DiffOp[] = [];
  const modify: DiffOp[] = [];
  const removeCols: DiffOp[] = [];
  const addIdx: DiffOp[] = [];
  const addFks: DiffOp[] = [];

  // columns
  const dbCols = new Map(db.columns.map((c) => [c.name, c]));
  const modelCols = new Set(model.columns.map((c) => c.name));
  const dropped = db.columns.filter((c) => !modelCols.has(c.name));
  const hinted = new Set<string>();
  for (const mc of model.columns) {
    const dc = dbCols.get(mc.name);
    if (!dc) {
      const twin = dropped.find((d) => !hinted.has(d.name) && !typesDiffer(d.type, mc.type, dialect));
      if (twin) hinted.add(twin.name);
      addCols.push(twin ? { kind: "addColumn", table, column: mc, hint: `possible rename: ${lit(twin.name)} -> ${lit(mc.name)}` } : { kind: "addColumn", table, column: mc });
      continue;
    }
    if (options.compareType !== false && typesDiffer(dc.type, mc.type, dialect)) {
      modify.push({ kind: "modifyType", table, column: mc.name, from: dc.type, to: mc.type, existingNullable: dc.nullable });
    }
    if (dc.nullable !== mc.nullable) modify.push({ kind: "modifyNullable", table, column: mc.name, from: dc.nullable, to: mc.nullable, existingType: dc.type });
    if (options.compareServerDefault && defaultsDiffer(dc.serverDefault, mc.serverDefault)) {
      modify.push({ kind: "modifyServerDefault", table, column: mc.name, from: dc.serverDefault, to: mc.serverDefault, existingType: dc.type, existingNullable: dc.nullable });
    }
  }
  for (const dc of dropped) removeCols.push({ kind: "removeColumn", table, column: dc });

  // foreign keys: matched by columns, target and actions
  const fkSig = (f: ForeignKeyDef) => JSON.stringify([f.columns, f.referredTable, f.referredColumns, f.ondelete, f.onupdate]);
  const dbFks = [...db.foreignKeys];
  for (const mf of model.foreignKeys) {
    const i = dbFks.findIndex((f) => fkSig(f) === fkSig(mf) && (mf.name === null || f.name === null || f.name === mf.name));
    if (i >= 0) dbFks.splice(i, 1);
    else addFks.push({ kind: "addForeignKey", table, fk: mf });
  }
  for (const f of dbFks) removeFks.push({ kind: "removeForeignKey", table, fk: f });

  // indexes and unique constraints (a unique index and a unique constraint on the same columns match: MySQL has one kind)
  const dbIdx = db.indexes.filter((i) => i.columns.every((c) => c !== null));
  const dbUq = [...db.uniqueConstraints];
  const take = <T>(list: T[], pred: (x: T) => boolean): T | undefined => {
    const i = list.findIndex(pred);
    return i >= 0 ? list.splice(i, 1)[0] : undefined;
  };
  for (const mi of model.indexes) {
    if (mi.columns.some((c) => c === null)) continue;
    const byName = take(dbIdx, (i) => i.name === mi.name);
    if (byName) {
      if (!sameList(byName.columns, mi.columns) || byName.unique !== mi.unique) {
        removeIdx.push({ kind: "removeIndex", table, index: byName });
        addIdx.push({ kind: "addIndex", table, index: mi });
      }
      continue;
    }
    if (mi.unique && take(dbUq, (u) => u.name === mi.name && sameList(u.columns, mi.columns))) continue;
    addIdx.push({ kind: "addIndex", table, index: mi });
  }
  for (const mu of model.uniqueConstraints) {
    const nameOk = (n: string | null) => mu.name === null || n === mu.name;
    if (take(dbUq, (u) => sameList(u.columns, mu.columns) && nameOk(u.name))) continue;
    if (take(dbIdx, (i) => i.unique && sameList(i.columns, mu.columns) && nameOk(i.name))) continue;
    addIdx.push({ kind: "addUniqueConstraint", table, constraint: mu });
  }
  for (const i of dbIdx) removeIdx.push({ kind: "removeIndex", table, index: i as IndexDef });
  for (const u of dbUq) removeIdx.push({ kind: "removeUniqueConstraint", table, constraint: u as UniqueDef });

  return [...removeFks, ...removeIdx, ...addCols, ...modify, ...removeCols, ...addIdx, ...addFks];
}

