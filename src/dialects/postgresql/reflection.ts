/**
 * PostgreSQL reflection from `pg_catalog` (the current schema unless one is given): columns with
 * `format_type()` names, SERIAL/IDENTITY keys, native enums with their labels, constraints from
 * `pg_constraint`, and indexes from `pg_index` without those backing a PRIMARY KEY or UNIQUE
 * constraint (those are reported by `getPkConstraint` / `getUniqueConstraints`).
 * @module
 */
import {
  ARRAY,
  BigInteger,
  Boolean as BooleanT,
  Date as DateT,
  DateTime,
  Enum,
  Float,
  Integer,
  Interval,
  JSON as JSONT,
  JSONB,
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

const ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

/** Maps a `format_type()` name (`character varying(50)`, `numeric(10,2)`, `integer[]`) to an alkahest type. */
export function pgTypeFromName(name: string, enumLabels?: readonly string[] | null, enumName?: string): TypeEngine {
  if (enumLabels && enumLabels.length > 0) return Enum([...enumLabels], enumName ? { name: enumName } : {});
  let text = name.trim();
  let dims = 0;
  while (text.endsWith("[]")) {
    dims++;
    text = text.slice(0, -2);
  }
  if (dims > 0) return ARRAY(pgTypeFromName(text), { dimensions: dims });
  const { base, args, rest } = parseTypeName(text);
  const n = args.map((a) => Number(a));
  const full = rest ? `${base} ${rest}` : base;
  switch (base) {
    case "integer":
    case "int":
    case "int4":
    case "serial":
      return Integer();
    case "smallint":
    case "int2":
      return SmallInteger();
    case "bigint":
    case "int8":
      return BigInteger();
    case "real":
    case "float4":
      return Float(24);
    case "double precision":
    case "float8":
      return Float();
    case "numeric":
    case "decimal":
      return Numeric(n[0], n[1]);
    case "character varying":
    case "varchar":
      return StringT(n[0]);
    case "character":
    case "char":
    case "bpchar":
      return StringT(n[0] ?? 1);
    case "text":
      return Text();
    case "boolean":
    case "bool":
      return BooleanT();
    case "date":
      return DateT();
    case "timestamp":
      return DateTime({ timezone: full.includes("with time zone") });
    case "timestamp with time zone":
    case "timestamptz":
      return DateTime({ timezone: true });
    case "timestamp without time zone":
      return DateTime();
    case "time":
    case "time without time zone":
    case "time with time zone":
      return Time();
    case "interval":
      return Interval();
    case "bytea":
      return LargeBinary();
    case "json":
      return JSONT();
    case "jsonb":
      return JSONB();
    case "uuid":
      return UUID();
    default:
      return NULLTYPE;
  }
}

function labels(v: unknown): string[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(String);
  try {
    const parsed = JSON.parse(str(v)) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : null;
  } catch {
    return null;
  }
}

export class PostgreSQLReflector extends DialectReflector {
  readonly dialectName = "postgresql";

  /** The schema condition: a bound name, or the connection's `current_schema()`. */
  protected schemaExpr(schema: string | undefined): string {
    return schema === undefined ? "current_schema()" : ":schema";
  }

  protected params(table: string | null, schema: string | undefined): Record<string, unknown> {
    const p: Record<string, unknown> = {};
    if (table !== null) p.table = table;
    if (schema !== undefined) p.schema = schema;
    return p;
  }

  /** FROM clause naming the table `c` in namespace `n`. */
  protected tableFrom(schema: string | undefined): string {
    return `pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = ${this.schemaExpr(schema)}`;
  }

  tableNamesSQL(schema?: string): string {
    return `SELECT c.relname AS name FROM ${this.tableFrom(schema)} WHERE c.relkind IN ('r', 'p') ORDER BY c.relname`;
  }

  async getTableNames(run: ReflectionQueryRunner, schema?: string): Promise<string[]> {
    const rows = await run.query(this.tableNamesSQL(schema), this.params(null, schema));
    return rows.map((r) => str(r.name));
  }

  columnsSQL(schema?: string): string {
    return [
      "SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,",
      " pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity, t.typtype AS typtype,",
      " t.typname AS typname, pg_catalog.col_description(c.oid, a.attnum) AS comment,",
      " (SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) AS enum_labels",
      ` FROM ${this.tableFrom(schema)}`,
      " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid",
      " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid",
      " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum",
      " WHERE c.relname = :table AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped",
      " ORDER BY a.attnum",
    ].join("");
  }

  async getColumns(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedColumn[]> {
    const rows = await run.query(this.columnsSQL(schema), this.params(table, schema));
    return rows.map((r) => {
      const rawType = str(r.type);
      const isEnum = str(r.typtype) === "e";
      let def = strOrNull(r.default_expr);
      const identity = str(r.identity);
      let autoincrement = identity === "a" || identity === "d";
      if (def !== null && /^nextval\('.*'::regclass\)$/i.test(def)) {
        autoincrement = true;
        def = null;
      }
      return {
        name: str(r.name),
        type: pgTypeFromName(rawType, isEnum ? labels(r.enum_labels) : null, isEnum ? str(r.typname) : undefined),
        rawType,
        nullable: !bool(r.notnull),
        default: def,
        autoincrement,
        comment: strOrNull(r.comment),
      };
    });
  }

  /** Constraint columns of one kind (`p`, `u`), in key order. */
  constraintColumnsSQL(schema?: string): string {
    return [
      "SELECT con.conname AS name, a.attname AS column_name, k.ord AS ord",
      ` FROM ${this.tableFrom(schema)}`,
      " JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid",
      " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)",
      " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum",
      " WHERE c.relname = :table AND con.contype = :contype",
      " ORDER BY con.conname, k.ord",
    ].join("");
  }

  async getPkConstraint(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedPrimaryKey | null> {
    const rows = await run.query(this.constraintColumnsSQL(schema), { ...this.params(table, schema), contype: "p" });
    if (rows.length === 0) return null;
    return { name: str(rows[0]!.name), constrainedColumns: rows.map((r) => str(r.column_name)) };
  }

  async getUniqueConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedUniqueConstraint[]> {
    const rows = await run.query(this.constraintColumnsSQL(schema), { ...this.params(table, schema), contype: "u" });
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({ name, columns: rs.map((r) => str(r.column_name)) }));
  }

  foreignKeysSQL(schema?: string): string {
    return [
      "SELECT con.conname AS name, a.attname AS column_name, ra.attname AS referred_column, rc.relname AS referred_table,",
      " CASE WHEN rn.nspname = n.nspname THEN NULL ELSE rn.nspname END AS referred_schema,",
      " con.confdeltype AS ondelete, con.confupdtype AS onupdate, k.ord AS ord",
      ` FROM ${this.tableFrom(schema)}`,
      " JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid AND con.contype = 'f'",
      " JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid",
      " JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace",
      " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)",
      " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum",
      " JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum",
      " WHERE c.relname = :table",
      " ORDER BY con.conname, k.ord",
    ].join("");
  }

  async getForeignKeys(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedForeignKey[]> {
    const rows = await run.query(this.foreignKeysSQL(schema), this.params(table, schema));
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({
      name,
      constrainedColumns: rs.map((r) => str(r.column_name)),
      referredSchema: strOrNull(rs[0]!.referred_schema),
      referredTable: str(rs[0]!.referred_table),
      referredColumns: rs.map((r) => str(r.referred_column)),
      ondelete: referentialAction(ACTIONS[str(rs[0]!.ondelete)]),
      onupdate: referentialAction(ACTIONS[str(rs[0]!.onupdate)]),
    }));
  }

  indexesSQL(schema?: string): string {
    return [
      "SELECT i.relname AS name, ix.indisunique AS is_unique, a.attname AS column_name, k.ord AS ord",
      ` FROM ${this.tableFrom(schema)}`,
      " JOIN pg_catalog.pg_index ix ON ix.indrelid = c.oid",
      " JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid",
      " CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)",
      " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0",
      " WHERE c.relname = :table AND NOT ix.indisprimary AND k.ord <= ix.indnkeyatts",
      " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))",
      " ORDER BY i.relname, k.ord",
    ].join("");
  }

  async getIndexes(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedIndex[]> {
    const rows = await run.query(this.indexesSQL(schema), this.params(table, schema));
    return [...groupBy(rows, (r) => str(r.name))].map(([name, rs]) => ({
      name,
      unique: bool(rs[0]!.is_unique),
      columns: rs.map((r) => strOrNull(r.column_name)),
    }));
  }

  checkConstraintsSQL(schema?: string): string {
    return [
      "SELECT con.conname AS name, pg_catalog.pg_get_constraintdef(con.oid, true) AS definition",
      ` FROM ${this.tableFrom(schema)}`,
      " JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid AND con.contype = 'c'",
      " WHERE c.relname = :table ORDER BY con.conname",
    ].join("");
  }

  async getCheckConstraints(run: ReflectionQueryRunner, table: string, schema?: string): Promise<ReflectedCheckConstraint[]> {
    const rows = await run.query(this.checkConstraintsSQL(schema), this.params(table, schema));
    return rows.map((r) => {
      const def = str(r.definition).replace(/\s+NOT VALID$/i, "");
      const m = /^CHECK\s*(.*)$/is.exec(def);
      return { name: str(r.name), sqltext: stripOuterParens(m ? m[1]! : def) };
    });
  }

  override async hasTable(run: ReflectionQueryRunner, table: string, schema?: string): Promise<boolean> {
    const rows = await run.query(`SELECT 1 AS x FROM ${this.tableFrom(schema)} WHERE c.relname = :table AND c.relkind IN ('r', 'p')`, this.params(table, schema));
    return rows.length > 0;
  }
}
