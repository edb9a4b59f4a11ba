/**
 * MySQL and MariaDB reflection from `information_schema` (the `DATABASE()` schema unless one is
 * given). MySQL keeps no difference between a UNIQUE constraint and a unique index: both are
 * reported by `getUniqueConstraints`, and `getIndexes` reports the non-unique indexes only, leaving
 * out the index InnoDB creates for a foreign key. MariaDB's JSON is `LONGTEXT` with a
 * `CHECK (json_valid(col))`: such a column is reported as JSON and its check is left out.
 * @module
 */
import {
  BigInteger,
  Boolean as BooleanT,
  Date as DateT,
  DateTime,
  Enum,
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
  parseQuotedList,
  parseTypeName,
  referentialAction,
  str,
  strOrNull,
  stripOuterParens,
  type ReflectedCheckConstraint,
  type ReflectedColumn,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedPrimaryKey,
  type ReflectedUniqueConstraint,
  type ReflectionQueryRunner,
} from "../base/reflection.js";

/** Maps an `information_schema.COLUMNS.COLUMN_TYPE` (`varchar(50)`, `tinyint(1)`, `enum('a','b')`) to an alkahest type. */
export function mysqlTypeFromName(columnType: string): TypeEngine {
  const { base, args } = parseTypeName(columnType);
  const n = args.map((a) => Number(a));
  switch (base) {
    case "tinyint":
      return n[0] === 1 ? BooleanT() : SmallInteger();
    case "bool":
    case "boolean":
      return BooleanT();
    case "bit":
      return n[0] === undefined || n[0] === 1 ? BooleanT() : BigInteger();
    case "smallint":
      return SmallInteger();
    case "mediumint":
    case "int":
    case "integer":
    case "year":
      return Integer();
    case "bigint":
      return BigInteger();
    case "decimal":
    case "numeric":
    case "dec":
    case "fixed":
      return Numeric(n[0], n[1]);
    case "double":
    case "double precision":
    case "real":
      return Float();
    case "float":
      return Float(n[0] !== undefined && args.length === 1 ? n[0] : 24);
    case "varchar":
    case "nvarchar":
      return StringT(n[0]);
    case "char":
    case "nchar":
      return n[0] === 36 ? UUID() : StringT(n[0] ?? 1);
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      return Text();
    case "json":
      return JSONT();
    case "date":
      return DateT();
    case "datetime":
    case "timestamp":
      return DateTime();
    case "time":
      return Time();
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
    case "binary":
    case "varbinary":
      return LargeBinary();
    case "enum":
      return Enum(parseQuotedList(columnType.slice(columnType.indexOf("(") + 1, columnType.lastIndexOf(")"))));
    default:
      return NULLTYPE;
  }
}

const NUMERIC_DATA_TYPES = new Set(["tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "bit", "year"]);
const JSON_CHECK = /^json_valid\(\s*`?([^`]+)`?\s*\)$/i;

export class MySQLReflector extends DialectReflector {
  readonly dialectName: string = "mysql";

  protected schemaExpr(schema: string | undefined): string {
    return schema === undefined ? "DATABASE()" : ":schema";
  }

  protected params(table: string | null, schema: string | undefined): Record<string, unknown> {
    const p: Record<string, unknown> = {};
    if (table !== null) p.table = table;
    if (schema !== undefined) p.schema = schema;
    return p;
  }

  async getTableNames(run: ReflectionQueryRunner, schema?: string): Promise<string[]> {
    const rows = await run.query(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
      this.params(null, schema),
    );
    return rows.map((r) => str(r.name));
  }

  override async hasTable(run: ReflectionQueryRunner, table: string, schema?: string): Promise<boolean> {
    const rows = await run.query(
      `SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_NAME = :table AND TABLE_TYPE = 'BASE TABLE'`,
      this.params(table, schema),
    );
    return rows.length > 0;
  }

  columnsSQL(schema?: string): string {
    return (
      "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS column_type, DATA_TYPE AS data_type, IS_NULLABLE AS is_nullable," +
      " COLUMN_DEFAULT AS column_default, EXTRA AS extra, COLUMN_COMMENT AS column_comment" +
      ` FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_NAME = :table ORDER BY ORDINAL_POSITION`
    );
  }

  /** The default as SQL text: MySQL 8 reports literals unquoted (expressions flagged DEFAULT_GENERATED). */
  protected defaultText(raw: string | null, dataType: string, extra: string): string | null {
    if (raw === null) return null;
    if (/DEFAULT_GENERATED/i.test(extra) || NUMERIC_DATA_TYPES.has(dataType) || /^current_timestamp/i.test(raw)) return raw;
    return `'${raw.replace(/'/g, "''")}'`;
  }

  async getColumns(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedColumn[]> {
    const rows = await run.query(this.columnsSQL(schema), this.params(table, schema));
    const jsonColumns = await this.jsonColumns(run, table, schema);
    return rows.map((r) => {
      const name = str(r.name);
      const rawType = str(r.column_type);
      const extra = str(r.extra);
      const comment = strOrNull(r.column_comment);
      return {
        name,
        type: jsonColumns.has(name) && /text$/i.test(rawType) ? JSONT() : mysqlTypeFromName(rawType),
        rawType,
        nullable: str(r.is_nullable).toUpperCase() === "YES",
        default: this.defaultText(strOrNull(r.column_default), str(r.data_type).toLowerCase(), extra),
        autoincrement: /auto_increment/i.test(extra),
        comment: comment === "" ? null : comment,
      };
    });
  }

  /** Columns whose text is JSON by a CHECK (MariaDB's JSON alias); none on MySQL. */
  protected async jsonColumns(_run: ReflectionQueryRunner, _table: string, _schema?: string): Promise<Set<string>> {
    return new Set();
  }

  async getPkConstraint(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedPrimaryKey | null> {
    const rows = await run.query(
      "SELECT COLUMN_NAME AS column_name FROM information_schema.KEY_COLUMN_USAGE" +
        ` WHERE TABLE_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_NAME = :table AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`,
      this.params(table, schema),
    );
    return rows.length ? { name: null, constrainedColumns: rows.map((r) => str(r.column_name)) } : null;
  }

  foreignKeysSQL(schema?: string): string {
    return (
      "SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name, k.REFERENCED_TABLE_NAME AS referred_table," +
      " k.REFERENCED_COLUMN_NAME AS referred_column," +
      " CASE WHEN k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA THEN NULL ELSE k.REFERENCED_TABLE_SCHEMA END AS referred_schema," +
      " r.DELETE_RULE AS ondelete, r.UPDATE_RULE AS onupdate" +
      " FROM information_schema.KEY_COLUMN_USAGE k" +
      " JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA" +
      " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME" +
      ` WHERE k.TABLE_SCHEMA = ${this.schemaExpr(schema)} AND k.TABLE_NAME = :table AND k.REFERENCED_TABLE_NAME IS NOT NULL` +
      " ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
    );
  }

  async getForeignKeys(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedForeignKey[]> {
    const rows = await run.query(this.foreignKeysSQL(schema), this.params(table, schema));
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({
      name,
      constrainedColumns: rs.map((r) => str(r.column_name)),
      referredSchema: strOrNull(rs[0]!.referred_schema),
      referredTable: str(rs[0]!.referred_table),
      referredColumns: rs.map((r) => str(r.referred_column)),
      ondelete: referentialAction(rs[0]!.ondelete, ["NO ACTION", "RESTRICT"]),
      onupdate: referentialAction(rs[0]!.onupdate, ["NO ACTION", "RESTRICT"]),
    }));
  }

  protected async statistics(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedIndex[]> {
    const rows = await run.query(
      "SELECT INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name FROM information_schema.STATISTICS" +
        ` WHERE TABLE_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_NAME = :table AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      this.params(table, schema),
    );
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({
      name,
      unique: num(rs[0]!.non_unique) === 0,
      columns: rs.map((r) => strOrNull(r.column_name)),
    }));
  }

  async getIndexes(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedIndex[]> {
    const all = await this.statistics(run, table, schema);
    const fks = await this.getForeignKeys(run, table, schema);
    const same = (a: readonly (string | null)[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    // InnoDB's implicit index for a foreign key is named after the constraint (or its first column)
    return all.filter((ix) => !ix.unique && !fks.some((fk) => same(ix.columns, fk.constrainedColumns) && (ix.name === fk.name || ix.name === fk.constrainedColumns[0])));
  }

  async getUniqueConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedUniqueConstraint[]> {
    const all = await this.statistics(run, table, schema);
    return all.filter((ix) => ix.unique && ix.columns.every((c) => c !== null)).map((ix) => ({ name: ix.name, columns: ix.columns as string[] }));
  }

  checkConstraintsSQL(schema?: string): string {
    return (
      "SELECT tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS sqltext FROM information_schema.TABLE_CONSTRAINTS tc" +
      " JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME" +
      ` WHERE tc.TABLE_SCHEMA = ${this.schemaExpr(schema)} AND tc.TABLE_NAME = :table AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.CONSTRAINT_NAME`
    );
  }

  protected async rawChecks(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedCheckConstraint[]> {
    const rows = await run.query(this.checkConstraintsSQL(schema), this.params(table, schema));
    return rows.map((r) => ({ name: str(r.name), sqltext: stripOuterParens(str(r.sqltext)) }));
  }

  async getCheckConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedCheckConstraint[]> {
    const checks = await this.rawChecks(run, table, schema);
    const json = await this.jsonColumns(run, table, schema);
    return checks.filter((c) => !(c.name !== null && json.has(c.name) && JSON_CHECK.exec(c.sqltext)?.[1] === c.name));
  }
}

/** MariaDB: check constraints are named per table (`CHECK_CONSTRAINTS.TABLE_NAME`); JSON is LONGTEXT + json_valid. */
export class MariaDBReflector extends MySQLReflector {
  override readonly dialectName: string = "mariadb";

  /** MariaDB 10.2.7+ reports defaults as SQL (`'abc'`, `NULL`, `current_timestamp(6)`). */
  protected override defaultText(raw: string | null): string | null {
    if (raw === null || raw.toUpperCase() === "NULL") return null;
    return raw;
  }

  override checkConstraintsSQL(schema?: string): string {
    return (
      "SELECT CONSTRAINT_NAME AS name, CHECK_CLAUSE AS sqltext FROM information_schema.CHECK_CONSTRAINTS" +
      ` WHERE CONSTRAINT_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_NAME = :table ORDER BY CONSTRAINT_NAME`
    );
  }

  protected override async jsonColumns(run: ReflectionQueryRunner, table: string, schema?: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const c of await this.rawChecks(run, table, schema)) {
      const m = JSON_CHECK.exec(c.sqltext);
      if (m && m[1] === c.name) out.add(m[1]);
    }
    return out;
  }
}
