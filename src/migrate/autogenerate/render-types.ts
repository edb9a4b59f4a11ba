/**
 * Source text for the values a generated migration contains: string literals (always through
 * {@link lit}, never a template literal), `sa.<Type>` expressions, `new sa.Column(...)`, server
 * defaults and constraint items.
 * @module
 */
import type { DateTimeType } from "../../sql/types/datetime.js";
import type { ARRAYType } from "../../sql/types/json.js";
import type { FloatType, NumericType } from "../../sql/types/numeric.js";
import type { EnumType, StringType } from "../../sql/types/string.js";
import type { LargeBinaryType } from "../../sql/types/binary.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";
import type { CheckDef, ColumnDef, ForeignKeyDef, PrimaryKeyDef, ServerDefaultDef, UniqueDef } from "./model.js";

/**
 * A JavaScript string literal for any text: JSON escaping (quotes, backslashes, control
 * characters) plus U+2028/U+2029, so the text is inert in code and in `//` comments alike.
 */
export function lit(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Free text for a `//` comment: every line terminator escaped, so the comment cannot end early. */
export function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1).replace(/\u2028/, "\\u2028").replace(/\u2029/, "\\u2029"));
}

/** `["a", "b"]` */
export function litList(items: readonly string[]): string {
  return `[${items.map(lit).join(", ")}]`;
}

/** An object literal from already-rendered values, skipping undefined ones: `{ a: 1, b: "x" }`. */
export function obj(entries: readonly [string, string | undefined][]): string {
  const parts = entries.filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => `${k}: ${v}`);
  return parts.length ? `{ ${parts.join(", ")} }` : "";
}

const num = (n: number) => String(Number(n));

/** `sa.String(50)`, `sa.Numeric(10, 2)`, `sa.Enum(["a", "b"], { name: "mood" })`, ... */
export function renderType(t: TypeEngine): string {
  switch (t.kind) {
    case "integer":
      return "sa.Integer";
    case "smallint":
      return "sa.SmallInteger";
    case "bigint":
      return "sa.BigInteger";
    case "float": {
      const p = (t as FloatType).precision;
      return p === undefined ? "sa.Float" : `sa.Float(${num(p)})`;
    }
    case "numeric": {
      const n = t as NumericType<unknown>;
      const args: string[] = [];
      if (n.precision !== undefined || n.scale !== undefined || n.asNumber) args.push(n.precision === undefined ? "undefined" : num(n.precision));
      if (n.scale !== undefined || n.asNumber) args.push(n.scale === undefined ? "undefined" : num(n.scale));
      if (n.asNumber) args.push("{ asNumber: true }");
      return `sa.Numeric(${args.join(", ")})`;
    }
    case "string": {
      const l = (t as StringType).length;
      return l === undefined ? "sa.String" : `sa.String(${num(l)})`;
    }
    case "text":
      return "sa.Text";
    case "boolean":
      return "sa.Boolean";
    case "date":
      return "sa.Date";
    case "datetime":
      return (t as DateTimeType).timezone ? "sa.DateTime({ timezone: true })" : "sa.DateTime";
    case "time":
      return "sa.Time";
    case "interval":
      return "sa.Interval";
    case "binary": {
      const l = (t as LargeBinaryType).length;
      return l === undefined ? "sa.LargeBinary" : `sa.LargeBinary(${num(l)})`;
    }
    case "json":
      return "sa.JSON";
    case "jsonb":
      return "sa.JSONB";
    case "uuid":
      return "sa.UUID";
    case "enum": {
      const e = t as EnumType;
      const o = obj([
        ["name", e.options.name === undefined ? undefined : lit(e.options.name)],
        ["createConstraint", e.options.createConstraint === false ? "false" : undefined],
      ]);
      return `sa.Enum(${litList(e.values)}${o ? `, ${o}` : ""})`;
    }
    case "array": {
      const a = t as ARRAYType<unknown>;
      return `sa.ARRAY(${renderType(a.itemType)}${a.dimensions !== 1 ? `, { dimensions: ${num(a.dimensions)} }` : ""})`;
    }
    case "null":
      return "sa.Text /* type not recognised by reflection: edit */";
  }
}

/** `"abc"` for a literal default, `sa.text("now()")` for SQL. */
export function renderServerDefault(d: ServerDefaultDef): string {
  return "literal" in d ? lit(d.literal) : `sa.text(${lit(d.sql)})`;
}

/** `new sa.Column("name", sa.String(50), { nullable: false })`; `inPk` marks primary key columns. */
export function renderColumn(c: ColumnDef, pk: { inPk: boolean; inline: boolean } = { inPk: false, inline: false }): string {
  const o = obj([
    ["primaryKey", pk.inPk && pk.inline ? "true" : undefined],
    ["nullable", !pk.inPk && !c.nullable ? "false" : pk.inPk && c.nullable ? "true" : undefined],
    ["autoincrement", c.autoincrement === "auto" ? undefined : String(c.autoincrement)],
    ["serverDefault", c.serverDefault ? renderServerDefault(c.serverDefault) : undefined],
    ["comment", c.comment === null ? undefined : lit(c.comment)],
  ]);
  return `new sa.Column(${lit(c.name)}, ${renderType(c.type)}${o ? `, ${o}` : ""})`;
}

export function renderPrimaryKey(pk: PrimaryKeyDef): string {
  return `sa.PrimaryKeyConstraint(${[...pk.columns.map(lit), ...(pk.name ? [`{ name: ${lit(pk.name)} }`] : [])].join(", ")})`;
}

export function renderForeignKeyConstraint(fk: ForeignKeyDef): string {
  const o = obj([
    ["name", fk.name === null ? undefined : lit(fk.name)],
    ["ondelete", fk.ondelete === null ? undefined : lit(fk.ondelete)],
    ["onupdate", fk.onupdate === null ? undefined : lit(fk.onupdate)],
  ]);
  return `sa.ForeignKeyConstraint(${litList(fk.columns)}, ${litList(fk.referredColumns.map((c) => `${fk.referredTable}.${c}`))}${o ? `, ${o}` : ""})`;
}

export function renderUniqueConstraint(u: UniqueDef): string {
  return `sa.UniqueConstraint(${[...u.columns.map(lit), ...(u.name ? [`{ name: ${lit(u.name)} }`] : [])].join(", ")})`;
}

export function renderCheckConstraint(c: CheckDef): string {
  return `sa.CheckConstraint(${lit(c.sqltext)}${c.name ? `, { name: ${lit(c.name)} }` : ""})`;
}
