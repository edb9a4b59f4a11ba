/**
 * SQLite reflection (libsql and D1): the `pragma_table_info`, `pragma_foreign_key_list`,
 * `pragma_index_list` and `pragma_index_info` table-valued functions (plain SELECTs, which D1
 * accepts), plus the stored CREATE TABLE text for constraint names, CHECKs and AUTOINCREMENT.
 * Internal tables (`sqlite_*`, D1's `_cf_*`) are never listed.
 * @module
 */
import {
  BigInteger,
  Boolean as BooleanT,
  Date as DateT,
  DateTime,
  Float,
  Integer,
  JSON as JSONT,
  LargeBinary,
  NULLTYPE,
  Numeric,
  SmallInteger,
  String as StringT,
  Text,
  Time,
  UUID,
  type TypeEngine,
} from "../../sql/types/index.js";
import {
  DialectReflector,
  groupBy,
  num,
  parseTypeName,
  referentialAction,
  str,
  strOrNull,
  type ReflectedCheckConstraint,
  type ReflectedColumn,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedPrimaryKey,
  type ReflectedUniqueConstraint,
  type ReflectionQueryRunner,
} from "../base/reflection.js";
import { parseCreateTableSQL, type ParsedTableSQL } from "./table-sql.js";

/** Maps a declared column type to an alkahest type (SQLite's affinity rules for unknown names). */
export function sqliteTypeFromName(declared: string): TypeEngine {
  if (declared.trim() === "") return NULLTYPE;
  const { base, args } = parseTypeName(declared);
  const n = args.map((a) => Number(a));
  switch (base) {
    case "integer":
    case "int":
      return Integer();
    case "bigint":
      return BigInteger();
    case "smallint":
    case "tinyint":
      return SmallInteger();
    case "varchar":
    case "nvarchar":
    case "varying character":
      return StringT(n[0]);
    case "char":
    case "nchar":
    case "character":
      return n[0] === 36 ? UUID() : StringT(n[0]);
    case "text":
    case "clob":
      return Text();
    case "boolean":
    case "bool":
      return BooleanT();
    case "date":
      return DateT();
    case "datetime":
    case "timestamp":
      return DateTime();
    case "time":
      return Time();
    case "float":
    case "real":
    case "double":
    case "double precision":
      return Float();
    case "numeric":
    case "decimal":
      return Numeric(n[0], n[1]);
    case "blob":
      return LargeBinary();
    case "json":
      return JSONT();
  }
  if (base.includes("int")) return Integer();
  if (/char|clob|text/.test(base)) return Text();
  if (base.includes("blob")) return LargeBinary();
  if (/real|floa|doub/.test(base)) return Float();
  return Numeric();
}

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class SQLiteReflector extends DialectReflector {
  readonly dialectName = "sqlite";

  /** `main` unless a schema (attached database) is given; its name is quoted into the SQL text, never bound. */
  protected master(schema?: string): string {
    return schema === undefined ? "sqlite_master" : `"${schema.replace(/"/g, '""')}".sqlite_master`;
  }

  /** Second argument of a pragma function naming the schema. */
  protected schemaArg(schema?: string): string {
    return schema === undefined ? "" : `, ${quoteLiteral(schema)}`;
  }

  tableNamesSQL(schema?: string): string {
    return `SELECT name FROM ${this.master(schema)} WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, 4) <> '_cf_' ORDER BY name`;
  }

  async getTableNames(run: ReflectionQueryRunner, schema?: string): Promise<string[]> {
    return (await run.query(this.tableNamesSQL(schema))).map((r) => str(r.name));
  }

  override async hasTable(run: ReflectionQueryRunner, table: string, schema?: string): Promise<boolean> {
    return (await run.query(`SELECT 1 AS x FROM ${this.master(schema)} WHERE type = 'table' AND name = :table`, { table })).length > 0;
  }

  protected async tableSQL(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ParsedTableSQL> {
    const rows = await run.query(`SELECT sql FROM ${this.master(schema)} WHERE type = 'table' AND name = :table`, { table });
    return parseCreateTableSQL(strOrNull(rows[0]?.sql));
  }

  protected async tableInfo(run: ReflectionQueryRunner, table: string, schema?: string) {
    return run.query(`SELECT cid, name, type, "notnull" AS is_notnull, dflt_value, pk FROM pragma_table_info(:table${this.schemaArg(schema)}) ORDER BY cid`, { table });
  }

  async getColumns(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedColumn[]> {
    const rows = await this.tableInfo(run, table, schema);
    const pkCount = rows.filter((r) => (num(r.pk) ?? 0) > 0).length;
    return rows.map((r) => {
      const rawType = str(r.type);
      const pk = (num(r.pk) ?? 0) > 0;
      return {
        name: str(r.name),
        type: sqliteTypeFromName(rawType),
        rawType,
        nullable: !pk && num(r.is_notnull) !== 1,
        default: strOrNull(r.dflt_value),
        // only a lone key declared exactly INTEGER is the rowid alias
        autoincrement: pk && pkCount === 1 && rawType.trim().toUpperCase() === "INTEGER",
        comment: null,
      };
    });
  }

  async getPkConstraint(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedPrimaryKey | null> {
    const rows = (await this.tableInfo(run, table, schema)).filter((r) => (num(r.pk) ?? 0) > 0);
    if (rows.length === 0) return null;
    rows.sort((a, b) => (num(a.pk) ?? 0) - (num(b.pk) ?? 0));
    const parsed = await this.tableSQL(run, table, schema);
    return { name: parsed.primaryKeyName, constrainedColumns: rows.map((r) => str(r.name)) };
  }

  async getForeignKeys(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedForeignKey[]> {
    const rows = await run.query(
      `SELECT id, seq, "table" AS referred_table, "from" AS column_name, "to" AS referred_column, on_update, on_delete FROM pragma_foreign_key_list(:table${this.schemaArg(schema)}) ORDER BY id, seq`,
      { table },
    );
    const parsed = await this.tableSQL(run, table, schema);
    const fks = [...groupBy(rows, (r) => str(r.id))].map(([, rs]) => ({ rs, columns: rs.map((r) => str(r.column_name)) }));
    const out: ReflectedForeignKey[] = [];
    for (const { rs, columns } of fks) {
      const referredTable = str(rs[0]!.referred_table);
      let referredColumns = rs.map((r) => strOrNull(r.referred_column));
      if (referredColumns.some((c) => c === null)) {
        // REFERENCES t without columns: the referred table's primary key
        const pk = await this.getPkConstraint(run, referredTable, schema);
        referredColumns = pk?.constrainedColumns ?? referredColumns;
      }
      const named = parsed.foreignKeys.find((f) => f.columns.length === columns.length && f.columns.every((c, i) => c === columns[i]));
      out.push({
        name: named?.name ?? null,
        constrainedColumns: columns,
        referredSchema: null,
        referredTable,
        referredColumns: referredColumns.map((c) => c ?? ""),
        ondelete: referentialAction(rs[0]!.on_delete),
        onupdate: referentialAction(rs[0]!.on_update),
      });
    }
    // pragma_foreign_key_list lists constraints last-declared first
    return out.reverse();
  }

  protected async indexList(run: ReflectionQueryRunner, table: string, schema?: string) {
    const rows = await run.query(
      `SELECT il.name AS name, il."unique" AS is_unique, il.origin AS origin, ii.name AS column_name FROM pragma_index_list(:table${this.schemaArg(schema)}) AS il` +
        `, pragma_index_info(il.name${this.schemaArg(schema)}) AS ii ORDER BY il.name, ii.seqno`,
      { table },
    );
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({
      name,
      unique: num(rs[0]!.is_unique) === 1,
      origin: str(rs[0]!.origin),
      columns: rs.map((r) => strOrNull(r.column_name)),
    }));
  }

  async getIndexes(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedIndex[]> {
    return (await this.indexList(run, table, schema)).filter((ix) => ix.origin === "c").map(({ name, unique, columns }) => ({ name, unique, columns }));
  }

  async getUniqueConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedUniqueConstraint[]> {
    const parsed = await this.tableSQL(run, table, schema);
    const auto = (await this.indexList(run, table, schema)).filter((ix) => ix.origin === "u");
    return auto.map((ix) => {
      const columns = ix.columns.map((c) => c ?? "");
      const named = parsed.uniques.find((u) => u.columns.length === columns.length && u.columns.every((c, i) => c === columns[i]));
      return { name: named?.name ?? null, columns };
    });
  }

  async getCheckConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedCheckConstraint[]> {
    return (await this.tableSQL(run, table, schema)).checks;
  }
}
