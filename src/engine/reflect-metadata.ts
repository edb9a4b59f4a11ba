/**
 * Reflection into a MetaData: `reflectMetaData(metadata, engine)` (SQLAlchemy's
 * `metadata.reflect(engine)`) and `reflectTable(name, metadata, engine)` (`Table(name, metadata,
 * autoload_with=engine)`). `sql/` does no I/O, so these live on the engine side and build ordinary
 * `Table` objects from the Inspector's plain data. Tables referred to by a reflected foreign key
 * are reflected too, so that the keys resolve.
 * @module
 */
import type { ReflectedTable } from "../dialects/base/reflection.js";
import { text } from "../sql/elements/text.js";
import { Column, type ColumnOptions } from "../sql/schema/column.js";
import {
  CheckConstraint,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
  type Constraint,
  type IndexImpl,
} from "../sql/schema/constraints.js";
import type { ReferentialAction } from "../sql/schema/foreign-key.js";
import type { MetaData } from "../sql/schema/metadata.js";
import { Table, type TableImpl, type TableItem } from "../sql/schema/table.js";
import { ArgumentError } from "../errors.js";
import { inspect, tableFilter, type InspectBind } from "./inspect.js";

export interface ReflectOptions {
  /** Only these tables (names), or those the predicate accepts; referred tables come along. */
  only?: readonly string[] | ((name: string) => boolean);
  /** A schema other than the current one. */
  schema?: string;
  /** Also reflect tables named by reflected foreign keys (default true). */
  resolveFks?: boolean;
}

const isIntegerKind = (k: string) => k === "integer" || k === "bigint" || k === "smallint";

/** Builds a `Table` in `metadata` from reflected data (no I/O). */
export function tableFromReflection(metadata: MetaData, reflected: ReflectedTable, schema?: string): TableImpl {
  const pk = new Set(reflected.primaryKey?.constrainedColumns ?? []);
  const items: TableItem[] = [];
  for (const c of reflected.columns) {
    const options: ColumnOptions = { nullable: c.nullable };
    if (pk.size === 1 && pk.has(c.name) && isIntegerKind(c.type.kind)) options.autoincrement = c.autoincrement;
    else if (c.autoincrement) options.autoincrement = true;
    if (c.default !== null) options.serverDefault = text(c.default);
    if (c.comment !== null) options.comment = c.comment;
    items.push(new Column(c.name, c.type, options));
  }
  const constraints: (Constraint | IndexImpl)[] = [];
  if (reflected.primaryKey) {
    const p = reflected.primaryKey;
    constraints.push(PrimaryKeyConstraint(...p.constrainedColumns, p.name ? { name: p.name } : {}));
  }
  for (const fk of reflected.foreignKeys) {
    const target = fk.referredSchema ? `${fk.referredSchema}.${fk.referredTable}` : fk.referredTable;
    constraints.push(
      ForeignKeyConstraint(
        fk.constrainedColumns,
        fk.referredColumns.map((c) => `${target}.${c}`),
        {
          ...(fk.name ? { name: fk.name } : {}),
          ...(fk.ondelete ? { ondelete: fk.ondelete as ReferentialAction } : {}),
          ...(fk.onupdate ? { onupdate: fk.onupdate as ReferentialAction } : {}),
        },
      ),
    );
  }
  for (const u of reflected.uniqueConstraints) constraints.push(UniqueConstraint(...u.columns, u.name ? { name: u.name } : {}));
  for (const ck of reflected.checkConstraints) constraints.push(CheckConstraint(ck.sqltext, ck.name ? { name: ck.name } : {}));
  for (const ix of reflected.indexes) {
    if (ix.columns.some((c) => c === null)) continue; // expression indexes are not reflected into Index()
    constraints.push(Index(ix.name, ...(ix.columns as string[]), { unique: ix.unique }));
  }
  const options = {
    ...(schema ? { schema } : {}),
    ...(reflected.comment ? { comment: reflected.comment } : {}),
  };
  return new Table(reflected.name, metadata, ...items, ...constraints, options) as unknown as TableImpl;
}

function fullName(name: string, schema: string | undefined): string {
  return schema ? `${schema}.${name}` : name;
}

/**
 * Reflects the database's tables into `metadata` (tables already in it are kept as they are).
 * Returns the tables added.
 *
 * @example
 * ```ts
 * const md = new MetaData();
 * await reflectMetaData(md, engine, { only: ["users", "posts"] });
 * md.getTable("users")!.c.name;
 * ```
 */
export async function reflectMetaData(metadata: MetaData, bind: InspectBind, options: ReflectOptions = {}): Promise<TableImpl[]> {
  const keep = tableFilter(options.only);
  const schema = options.schema;
  return inspect(bind).withRunner(async (reflector, run) => {
    const names = await reflector.getTableNames(run, schema);
    const available = new Set(names);
    const pending = names.filter(keep);
    const seen = new Set<string>();
    const added: TableImpl[] = [];
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      if (metadata.getTable(fullName(name, schema))) continue;
      const reflected = await reflector.reflectTable(run, name, schema);
      added.push(tableFromReflection(metadata, reflected, schema));
      if (options.resolveFks === false) continue;
      for (const fk of reflected.foreignKeys) {
        if (!fk.referredSchema && available.has(fk.referredTable) && !seen.has(fk.referredTable)) pending.push(fk.referredTable);
      }
    }
    return added;
  });
}

/**
 * Reflects one table into `metadata` (with the tables its foreign keys name) and returns it:
 * SQLAlchemy's `Table(name, metadata, autoload_with=engine)`.
 *
 * @example
 * ```ts
 * const users = await reflectTable("users", metadata, engine);
 * await conn.execute(select(users.c.id).where(users.c.name.eq("a")));
 * ```
 */
export async function reflectTable(name: string, metadata: MetaData, bind: InspectBind, options: Omit<ReflectOptions, "only"> = {}): Promise<TableImpl> {
  const existing = metadata.getTable(fullName(name, options.schema));
  if (existing) return existing;
  const exists = await inspect(bind).hasTable(name, options.schema !== undefined ? { schema: options.schema } : {});
  if (!exists) throw new ArgumentError(`reflectTable(): no table ${JSON.stringify(name)} in the database`);
  await reflectMetaData(metadata, bind, { ...options, only: [name] });
  return metadata.getTable(fullName(name, options.schema))!;
}
