/**
 * SQL Server reflection from `INFORMATION_SCHEMA` and the `sys` catalog views (the session's
 * `SCHEMA_NAME()` unless a schema is given). No SQL Server runs on this project's machines: the
 * queries are unit-tested as SQL text and the row parsers with canned rows.
 * @module
 */
import {
  BigInteger,
  Boolean as BooleanT,
  Date as DateT,
  DateTime,
  Float,
  Integer,
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
  bool,
  groupBy,
  num,
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

/** Maps `INFORMATION_SCHEMA.COLUMNS` facts to an alkahest type (`-1` length is `max`). */
export function mssqlTypeFromName(dataType: string, length: number | null, precision: number | null, scale: number | null): TypeEngine {
  switch (dataType.toLowerCase()) {
    case "int":
      return Integer();
    case "bigint":
      return BigInteger();
    case "smallint":
    case "tinyint":
      return SmallInteger();
    case "bit":
      return BooleanT();
    case "decimal":
    case "numeric":
      return Numeric(precision ?? undefined, scale ?? undefined);
    case "float":
      return precision !== null && precision <= 24 ? Float(24) : Float();
    case "real":
      return Float(24);
    case "nvarchar":
    case "varchar":
      return length === null || length < 0 ? Text() : StringT(length);
    case "nchar":
    case "char":
      return StringT(length ?? 1);
    case "text":
    case "ntext":
      return Text();
    case "datetime2":
    case "datetime":
    case "smalldatetime":
      return DateTime();
    case "datetimeoffset":
      return DateTime({ timezone: true });
    case "date":
      return DateT();
    case "time":
      return Time();
    case "uniqueidentifier":
      return UUID();
    case "varbinary":
    case "binary":
    case "image":
      return LargeBinary();
    default:
      return NULLTYPE;
  }
}

const action = (v: unknown) => referentialAction(str(v).replace(/_/g, " "));

export class MSSQLReflector extends DialectReflector {
  readonly dialectName = "mssql";

  protected schemaExpr(schema: string | undefined): string {
    return schema === undefined ? "SCHEMA_NAME()" : ":schema";
  }

  protected params(table: string | null, schema: string | undefined): Record<string, unknown> {
    const p: Record<string, unknown> = {};
    if (table !== null) p.table = table;
    if (schema !== undefined) p.schema = schema;
    return p;
  }

  tableNamesSQL(schema?: string): string {
    return `SELECT TABLE_NAME AS name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ${this.schemaExpr(schema)} AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`;
  }

  async getTableNames(run: ReflectionQueryRunner, schema?: string): Promise<string[]> {
    return (await run.query(this.tableNamesSQL(schema), this.params(null, schema))).map((r) => str(r.name));
  }

  columnsSQL(schema?: string): string {
    const obj = "OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + '.' + QUOTENAME(c.TABLE_NAME))";
    return (
      "SELECT c.COLUMN_NAME AS name, c.DATA_TYPE AS data_type, c.CHARACTER_MAXIMUM_LENGTH AS max_length," +
      " c.NUMERIC_PRECISION AS numeric_precision, c.NUMERIC_SCALE AS numeric_scale, c.IS_NULLABLE AS is_nullable," +
      ` c.COLUMN_DEFAULT AS column_default, COLUMNPROPERTY(${obj}, c.COLUMN_NAME, 'IsIdentity') AS is_identity,` +
      " CAST(ep.value AS NVARCHAR(4000)) AS comment" +
      " FROM INFORMATION_SCHEMA.COLUMNS c" +
      ` LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = ${obj}` +
      ` AND ep.minor_id = COLUMNPROPERTY(${obj}, c.COLUMN_NAME, 'ColumnId') AND ep.name = 'MS_Description'` +
      ` WHERE c.TABLE_SCHEMA = ${this.schemaExpr(schema)} AND c.TABLE_NAME = :table ORDER BY c.ORDINAL_POSITION`
    );
  }

  async getColumns(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedColumn[]> {
    const rows = await run.query(this.columnsSQL(schema), this.params(table, schema));
    return rows.map((r) => {
      const dataType = str(r.data_type);
      const length = num(r.max_length);
      const def = strOrNull(r.column_default);
      return {
        name: str(r.name),
        type: mssqlTypeFromName(dataType, length, num(r.numeric_precision), num(r.numeric_scale)),
        rawType: length === null ? dataType : `${dataType}(${length < 0 ? "max" : length})`,
        nullable: str(r.is_nullable).toUpperCase() === "YES",
        default: def === null ? null : stripOuterParens(def),
        autoincrement: bool(r.is_identity),
        comment: strOrNull(r.comment),
      };
    });
  }

  keyConstraintSQL(schema?: string): string {
    return (
      "SELECT tc.CONSTRAINT_NAME AS name, kcu.COLUMN_NAME AS column_name FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc" +
      " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE kcu ON kcu.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND kcu.CONSTRAINT_NAME = tc.CONSTRAINT_NAME" +
      ` WHERE tc.TABLE_SCHEMA = ${this.schemaExpr(schema)} AND tc.TABLE_NAME = :table AND tc.CONSTRAINT_TYPE = :type` +
      " ORDER BY tc.CONSTRAINT_NAME, kcu.ORDINAL_POSITION"
    );
  }

  async getPkConstraint(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedPrimaryKey | null> {
    const rows = await run.query(this.keyConstraintSQL(schema), { ...this.params(table, schema), type: "PRIMARY KEY" });
    return rows.length ? { name: str(rows[0]!.name), constrainedColumns: rows.map((r) => str(r.column_name)) } : null;
  }

  async getUniqueConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedUniqueConstraint[]> {
    const rows = await run.query(this.keyConstraintSQL(schema), { ...this.params(table, schema), type: "UNIQUE" });
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({ name, columns: rs.map((r) => str(r.column_name)) }));
  }

  /** `sys.tables t` restricted to the table and schema. */
  protected tableWhere(schema?: string): string {
    return `t.name = :table AND SCHEMA_NAME(t.schema_id) = ${this.schemaExpr(schema)}`;
  }

  foreignKeysSQL(schema?: string): string {
    return (
      "SELECT fk.name AS name, pc.name AS column_name, rt.name AS referred_table, rc.name AS referred_column," +
      " CASE WHEN rt.schema_id = t.schema_id THEN NULL ELSE SCHEMA_NAME(rt.schema_id) END AS referred_schema," +
      " fk.delete_referential_action_desc AS ondelete, fk.update_referential_action_desc AS onupdate" +
      " FROM sys.foreign_keys fk" +
      " JOIN sys.tables t ON t.object_id = fk.parent_object_id" +
      " JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id" +
      " JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id" +
      " JOIN sys.tables rt ON rt.object_id = fk.referenced_object_id" +
      " JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id" +
      ` WHERE ${this.tableWhere(schema)} ORDER BY fk.name, fkc.constraint_column_id`
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
      ondelete: action(rs[0]!.ondelete),
      onupdate: action(rs[0]!.onupdate),
    }));
  }

  indexesSQL(schema?: string): string {
    return (
      "SELECT i.name AS name, i.is_unique AS is_unique, c.name AS column_name FROM sys.indexes i" +
      " JOIN sys.tables t ON t.object_id = i.object_id" +
      " JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id" +
      " JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id" +
      ` WHERE ${this.tableWhere(schema)} AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND ic.is_included_column = 0 AND i.type > 0` +
      " ORDER BY i.name, ic.key_ordinal"
    );
  }

  async getIndexes(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedIndex[]> {
    const rows = await run.query(this.indexesSQL(schema), this.params(table, schema));
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({ name, unique: bool(rs[0]!.is_unique), columns: rs.map((r) => strOrNull(r.column_name)) }));
  }

  checkConstraintsSQL(schema?: string): string {
    return (
      "SELECT cc.name AS name, cc.definition AS sqltext FROM sys.check_constraints cc" +
      ` JOIN sys.tables t ON t.object_id = cc.parent_object_id WHERE ${this.tableWhere(schema)} ORDER BY cc.name`
    );
  }

  async getCheckConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedCheckConstraint[]> {
    const rows = await run.query(this.checkConstraintsSQL(schema), this.params(table, schema));
    return rows.map((r) => ({ name: str(r.name), sqltext: stripOuterParens(str(r.sqltext)) }));
  }
}
