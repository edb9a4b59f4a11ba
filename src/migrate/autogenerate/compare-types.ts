/**
 * Type and server-default comparison across a reflection round trip. Both types are rendered by
 * the dialect's own type compiler, so that what the database cannot tell apart is equal
 * (`Boolean` and MySQL's `tinyint(1)`, `Interval` and SQLite's `FLOAT`, SERIAL's `integer`); a
 * model type without parameters matches any length or precision the database reports.
 * @module
 */
import { BUILTIN_DIALECTS } from "../../dialects/index.js";
import type { BaseDialect } from "../../dialects/base/dialect.js";
import type { TypeEngine } from "../../sql/types/type-engine.js";
import type { ServerDefaultDef } from "./model.js";

const dialects = new Map<string, BaseDialect>();

/** A cached dialect instance by name (`default` for unknown names). */
export function dialectInstance(name: string): BaseDialect {
  let d = dialects.get(name);
  if (!d) {
    const D = (BUILTIN_DIALECTS as Record<string, new () => BaseDialect>)[name] ?? BUILTIN_DIALECTS.default;
    d = new D();
    dialects.set(name, d);
  }
  return d;
}

function rendered(type: TypeEngine, dialect: BaseDialect): string | null {
  try {
    return dialect.typeCompiler.process(type).toUpperCase().replace(/\s+/g, "");
  } catch {
    return null;
  }
}

/**
 * Do a reflected type and a model type differ on `dialect`? Unknown reflected types (NullType)
 * never differ: autogenerate cannot tell.
 *
 * @example
 * ```ts
 * typesDiffer(String(50), String(50), "postgresql");   // false
 * typesDiffer(Boolean(), Boolean(), "mysql");          // false (tinyint(1) reflected as Boolean)
 * typesDiffer(Numeric(10, 0), Numeric(), "mysql");     // false: the model gives no precision
 * typesDiffer(String(50), String(100), "sqlite");      // true
 * ```
 */
export function typesDiffer(reflected: TypeEngine, model: TypeEngine, dialectName: string): boolean {
  if (reflected.kind === "null" || model.kind === "null") return false;
  const d = dialectInstance(dialectName);
  const r = rendered(reflected, d);
  const m = rendered(model, d);
  if (r === null || m === null) return reflected.kind !== model.kind;
  if (r === m) return false;
  // the model gives no length/precision: any the database reports is fine
  if (!m.includes("(") && r.replace(/\(.*\)/, "") === m) return false;
  return true;
}

const NOW = new Set(["now()", "current_timestamp", "current_timestamp()", "localtimestamp", "getdate()", "sysdatetime()", "transaction_timestamp()"]);

/** SQL text of a default, normalised for comparison (casts, parentheses, case, spellings of now). */
export function normalizeDefault(d: ServerDefaultDef | null): string | null {
  if (d === null) return null;
  let s = "literal" in d ? `'${d.literal.replace(/'/g, "''")}'` : d.sql;
  for (let i = 0; i < 4; i++) {
    s = s.trim();
    // PostgreSQL casts: 'abc'::character varying, 0::numeric(10,2)
    s = s.replace(/::\s*"?[a-z_][a-z0-9_ ]*"?(\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])*/gi, "");
    while (s.startsWith("(") && s.endsWith(")") && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  }
  if (!s.startsWith("'")) s = s.toLowerCase().replace(/\s+/g, " ");
  s = s.replace(/^current_timestamp\(\d*\)$/, "current_timestamp").replace(/^now\(\d*\)$/, "now()");
  if (NOW.has(s)) return "current_timestamp";
  if (s === "true") return "1";
  if (s === "false") return "0";
  // a quoted number equals the number ('0' on a numeric column reads back as 0)
  const q = /^'(-?\d+(?:\.\d+)?)'$/.exec(s);
  if (q) return q[1]!;
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Do two server defaults differ (after normalisation)? */
export function defaultsDiffer(reflected: ServerDefaultDef | null, model: ServerDefaultDef | null): boolean {
  return normalizeDefault(reflected) !== normalizeDefault(model);
}
