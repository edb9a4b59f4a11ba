/**
 * `renderMigration`: the TypeScript source of a migration module for a list of diff operations,
 * with `upgrade(op)` applying them and `downgrade(op)` applying their inverses in reverse order
 * (a dropped table or column is re-created from its reflected definition). Every name and literal
 * is written with {@link lit} (JSON escaping): no template literal ever holds user text, so a name
 * such as "x`${process.exit()}`" stays an inert string.
 * @module
 */
import type { ColumnDef, DiffOp, ForeignKeyDef, IndexDef, ServerDefaultDef, TableDef, UniqueDef } from "./model.js";
import {
  commentText,
  lit,
  litList,
  obj,
  renderCheckConstraint,
  renderColumn,
  renderForeignKeyConstraint,
  renderPrimaryKey,
  renderServerDefault,
  renderType,
  renderUniqueConstraint,
} from "./render-types.js";

export interface RenderMigrationOptions {
  revision: string;
  downRevision: string | readonly string[] | null;
  message?: string;
  ops: readonly DiffOp[];
  branchLabels?: readonly string[] | null;
  dependsOn?: readonly string[] | null;
  /** The dialect the ops were compared on (noted in the header). */
  dialect?: string;
  /** When the script was made (header only; default now). */
  createDate?: Date;
  /** Module the script imports `sa` and the `op` type from (default "alkahest/migrate"). */
  importFrom?: string;
}

const I = "  ";

/** A generated name for a constraint the model left unnamed, so that the downgrade can drop it. */
function fkName(table: string, fk: ForeignKeyDef): string {
  return fk.name ?? `fk_${table}_${fk.columns.join("_")}_${fk.referredTable.split(".").pop()}`;
}
function uqName(table: string, u: UniqueDef): string {
  return u.name ?? `uq_${table}_${u.columns.join("_")}`;
}

function createTable(t: TableDef): string[] {
  const pkInline = t.primaryKey !== null && t.primaryKey.name === null;
  const pkCols = new Set(t.primaryKey?.columns ?? []);
  const items = t.columns.map((c) => renderColumn(c, { inPk: pkCols.has(c.name), inline: pkInline }));
  if (t.primaryKey && !pkInline) items.push(renderPrimaryKey(t.primaryKey));
  for (const fk of t.foreignKeys) items.push(renderForeignKeyConstraint(fk));
  for (const u of t.uniqueConstraints) items.push(renderUniqueConstraint(u));
  for (const c of t.checkConstraints) items.push(renderCheckConstraint(c));
  const lines = [`await op.createTable(`, `${I}${lit(t.name)},`, ...items.map((x) => `${I}${x},`), `);`];
  for (const ix of t.indexes) if (ix.columns.every((c) => c !== null)) lines.push(...createIndex(t.name, ix));
  return lines;
}

function createIndex(table: string, ix: IndexDef): string[] {
  return [`await op.createIndex(${lit(ix.name)}, ${lit(table)}, ${litList(ix.columns as string[])}${ix.unique ? ", { unique: true }" : ""});`];
}

function addColumn(table: string, c: ColumnDef): string[] {
  return [`await op.addColumn(${lit(table)}, ${renderColumn(c)});`];
}

function createForeignKey(table: string, fk: ForeignKeyDef): string[] {
  const o = obj([
    ["ondelete", fk.ondelete === null ? undefined : lit(fk.ondelete)],
    ["onupdate", fk.onupdate === null ? undefined : lit(fk.onupdate)],
  ]);
  return [`await op.createForeignKey(${lit(fkName(table, fk))}, ${lit(table)}, ${lit(fk.referredTable)}, ${litList(fk.columns)}, ${litList(fk.referredColumns)}${o ? `, ${o}` : ""});`];
}

function dropConstraint(name: string, table: string, type: string): string[] {
  return [`await op.dropConstraint(${lit(name)}, ${lit(table)}, { type: ${lit(type)} });`];
}

function unnamed(what: string, table: string, cols: readonly string[]): string[] {
  return [`// TODO: the ${what} on ${lit(table)} (${cols.map(lit).join(", ")}) has no name in the database, so it cannot be dropped by name here`];
}

function alter(table: string, column: string, entries: [string, string | undefined][]): string[] {
  return [`await op.alterColumn(${lit(table)}, ${lit(column)}, ${obj(entries)});`];
}

const sd = (d: ServerDefaultDef | null) => (d === null ? "null" : renderServerDefault(d));

/** Statements for one op, forward. */
function forward(op: DiffOp): string[] {
  const hint = "hint" in op && op.hint ? [`// ${commentText(op.hint)} (emitted as drop + add: edit by hand if it is a rename)`] : [];
  switch (op.kind) {
    case "addTable":
      return [...hint, ...createTable(op.table)];
    case "removeTable":
      return [`await op.dropTable(${lit(op.table.name)});`];
    case "addColumn":
      return [...hint, ...addColumn(op.table, op.column)];
    case "removeColumn":
      return [`await op.dropColumn(${lit(op.table)}, ${lit(op.column.name)});`];
    case "addIndex":
      return createIndex(op.table, op.index);
    case "removeIndex":
      return [`await op.dropIndex(${lit(op.index.name)}, ${lit(op.table)});`];
    case "addUniqueConstraint":
      return [`await op.createUniqueConstraint(${lit(uqName(op.table, op.constraint))}, ${lit(op.table)}, ${litList(op.constraint.columns)});`];
    case "removeUniqueConstraint":
      return op.constraint.name === null ? unnamed("unique constraint", op.table, op.constraint.columns) : dropConstraint(op.constraint.name, op.table, "unique");
    case "addForeignKey":
      return createForeignKey(op.table, op.fk);
    case "removeForeignKey":
      return op.fk.name === null ? unnamed("foreign key", op.table, op.fk.columns) : dropConstraint(op.fk.name, op.table, "foreignkey");
    case "modifyType":
      return alter(op.table, op.column, [["type", renderType(op.to)], ["existingType", renderType(op.from)], ["existingNullable", String(op.existingNullable)]]);
    case "modifyNullable":
      return alter(op.table, op.column, [["nullable", String(op.to)], ["existingType", renderType(op.existingType)]]);
    case "modifyServerDefault":
      return alter(op.table, op.column, [["serverDefault", sd(op.to)], ["existingServerDefault", sd(op.from)], ["existingType", renderType(op.existingType)], ["existingNullable", String(op.existingNullable)]]);
  }
}

/** Statements undoing one op. */
function backward(op: DiffOp): string[] {
  switch (op.kind) {
    case "addTable":
      return [`await op.dropTable(${lit(op.table.name)});`];
    case "removeTable":
      return createTable(op.table);
    case "addColumn":
      return [`await op.dropColumn(${lit(op.table)}, ${lit(op.column.name)});`];
    case "removeColumn":
      return addColumn(op.table, op.column);
    case "addIndex":
      return [`await op.dropIndex(${lit(op.index.name)}, ${lit(op.table)});`];
    case "removeIndex":
      return createIndex(op.table, op.index);
    case "addUniqueConstraint":
      return dropConstraint(uqName(op.table, op.constraint), op.table, "unique");
    case "removeUniqueConstraint":
      return op.constraint.name === null
        ? [`await op.createUniqueConstraint(${lit(uqName(op.table, op.constraint))}, ${lit(op.table)}, ${litList(op.constraint.columns)});`]
        : [`await op.createUniqueConstraint(${lit(op.constraint.name)}, ${lit(op.table)}, ${litList(op.constraint.columns)});`];
    case "addForeignKey":
      return dropConstraint(fkName(op.table, op.fk), op.table, "foreignkey");
    case "removeForeignKey":
      return createForeignKey(op.table, op.fk);
    case "modifyType":
      return alter(op.table, op.column, [["type", renderType(op.from)], ["existingType", renderType(op.to)], ["existingNullable", String(op.existingNullable)]]);
    case "modifyNullable":
      return alter(op.table, op.column, [["nullable", String(op.from)], ["existingType", renderType(op.existingType)]]);
    case "modifyServerDefault":
      return alter(op.table, op.column, [["serverDefault", sd(op.from)], ["existingServerDefault", sd(op.to)], ["existingType", renderType(op.existingType)], ["existingNullable", String(op.existingNullable)]]);
  }
}

function body(lines: string[]): string[] {
  return lines.length ? lines.map((l) => `${I}${l}`) : [`${I}// nothing to do`];
}

function listOrNull(v: string | readonly string[] | null | undefined): string {
  if (v === null || v === undefined) return "null";
  return typeof v === "string" ? lit(v) : litList(v);
}

/**
 * The source of a migration module.
 *
 * @example
 * ```ts
 * const ops = await compareMetadata(inspect(engine), metadata);
 * const source = renderMigration({ revision: "1975ea83b712", downRevision: null, message: "create users", ops });
 * await writeFile("migrations/versions/1975ea83b712_create_users.ts", source);
 * ```
 */
export function renderMigration(options: RenderMigrationOptions): string {
  const from = options.importFrom ?? "alkahest/migrate";
  const up = options.ops.flatMap(forward);
  const down = [...options.ops].reverse().flatMap(backward);
  const header = [
    `// ${lit(options.message ?? "")}`,
    "//",
    `// Revision ID: ${lit(options.revision)}`,
    `// Revises: ${listOrNull(options.downRevision)}`,
    `// Create Date: ${(options.createDate ?? new Date()).toISOString()}`,
    ...(options.dialect ? [`// Compared on: ${lit(options.dialect)}`] : []),
    "// Generated by alkahest autogenerate: review it before applying.",
  ];
  return [
    ...header,
    `import { sa } from ${lit(from)};`,
    "",
    `type Op = typeof import(${lit(from)}).op;`,
    "",
    `export const revision = ${lit(options.revision)};`,
    `export const downRevision: string | string[] | null = ${listOrNull(options.downRevision)};`,
    `export const branchLabels: string[] | null = ${listOrNull(options.branchLabels)};`,
    `export const dependsOn: string[] | null = ${listOrNull(options.dependsOn)};`,
    "",
    "export async function upgrade(op: Op): Promise<void> {",
    ...body(up),
    "}",
    "",
    "export async function downgrade(op: Op): Promise<void> {",
    ...body(down),
    "}",
    "",
  ].join("\n");
}
