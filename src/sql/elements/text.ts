/**
 * `text("... :name ...")`: the explicit raw-SQL escape hatch. Named parameters are parsed once,
 * outside string literals, quoted identifiers, dollar-quoted strings and comments, and are rendered
 * as the dialect's placeholders; values are never spliced into the text.
 * @module
 */
import { ArgumentError } from "../../errors.js";
import { NULLTYPE, resolveType, type TypeArg, type TypeEngine, type ValueOf } from "../types/type-engine.js";
import type { KeyBuilder } from "./clause.js";
import { BindParameter, ColumnElement } from "./elements.js";

/** A piece of parsed text: literal SQL, or a parameter name. */
export type TextPart = string | { readonly param: string };

const cache = new Map<string, readonly TextPart[]>();
/** Texts that contain a positional `$n` outside quotes and comments. */
const positional = new Set<string>();

/** Does the text use PostgreSQL-style positional `$n` parameters (outside quotes and comments)? */
export function hasPositionalDollar(sql: string): boolean {
  parseText(sql);
  return positional.has(sql);
}

/**
 * Splits SQL text into literal pieces and `:name` parameters. `::` (PostgreSQL casts) and `\:`
 * (an escaped colon) are not parameters; nothing inside '...', "...", `...`, [...], $tag$...$tag$,
 * -- comments or (nested) /* comments *\/ is a parameter.
 */
export function parseText(sql: string): readonly TextPart[] {
  const hit = cache.get(sql);
  if (hit) return hit;
  const parts: TextPart[] = [];
  let buf = "";
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === "`") {
      const end = skipQuoted(sql, i, c);
      buf += sql.slice(i, end);
      i = end;
    } else if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      const end = nl === -1 ? n : nl;
      buf += sql.slice(i, end);
      i = end;
    } else if (c === "/" && sql[i + 1] === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === "/" && sql[j + 1] === "*") {
          depth++;
          j += 2;
        } else if (sql[j] === "*" && sql[j + 1] === "/") {
          depth--;
          j += 2;
        } else j++;
      }
      buf += sql.slice(i, j);
      i = j;
    } else if (c === "$" && /[0-9]/.test(sql[i + 1] ?? "") && !/[\w$]/.test(sql[i - 1] ?? "")) {
      // a positional `$1` in raw text would collide with PostgreSQL placeholders: remember it
      const m = /^\$[0-9]+/.exec(sql.slice(i))!;
      positional.add(sql);
      buf += m[0];
      i += m[0].length;
    } else if (c === "$" && /[A-Za-z_$]/.test(sql[i + 1] ?? "") ) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m) {
        const tag = m[0];
        const close = sql.indexOf(tag, i + tag.length);
        const end = close === -1 ? n : close + tag.length;
        buf += sql.slice(i, end);
        i = end;
      } else {
        buf += c;
        i++;
      }
    } else if (c === "\\" && sql[i + 1] === ":") {
      buf += ":";
      i += 2;
    } else if (c === ":" && sql[i + 1] === ":") {
      buf += "::";
      i += 2;
    } else if (c === ":" && /[A-Za-z_]/.test(sql[i + 1] ?? "") && !/[\w]/.test(sql[i - 1] ?? "")) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      if (buf) parts.push(buf);
      buf = "";
      parts.push({ param: m[0] });
      i += 1 + m[0].length;
    } else {
      buf += c;
      i++;
    }
  }
  if (buf) parts.push(buf);
  if (cache.size > 1000) cache.clear();
  cache.set(sql, parts);
  return parts;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let j = start + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else if (sql[j] === "\\" && quote === "'") j += 2; // MySQL-style escapes never end the literal early
    else j++;
  }
  return sql.length;
}

/** Raw SQL with `:named` parameters. */
export class TextClause extends ColumnElement<unknown> {
  readonly kind = "textClause" as const;
  readonly type: TypeEngine = NULLTYPE;
  declare readonly parts: readonly TextPart[];
  /** Values and types given with `.bindparams()`, by name. */
  declare readonly binds: ReadonlyMap<string, BindParameter<unknown>>;
  /** Result column types declared with `.columns()`, in order. */
  declare readonly columnTypes: readonly (readonly [string, TypeEngine])[] | null;

  declare readonly text: string;
  constructor(
    text: string,
    binds: ReadonlyMap<string, BindParameter<unknown>> = new Map(),
    columnTypes: readonly (readonly [string, TypeEngine])[] | null = null,
  ) {
    super();
    this.text = text;
    if (typeof text !== "string") throw new ArgumentError("text() takes a SQL string");
    this.parts = parseText(text);
    const all = new Map(binds);
    for (const p of this.parts) {
      if (typeof p !== "string" && !all.has(p.param)) all.set(p.param, new BindParameter(undefined, NULLTYPE, p.param, true));
    }
    this.binds = all;
    this.columnTypes = columnTypes;
  }

  /** Names of the parameters in the text, in order of appearance. */
  get paramNames(): string[] {
    return this.parts.filter((p): p is { param: string } => typeof p !== "string").map((p) => p.param);
  }

  /** Binds values (and optionally types) to the text's parameters: `.bindparams({ active: true })`. */
  bindparams(values: Record<string, unknown>, types: Record<string, TypeArg> = {}): TextClause {
    const names = new Set(this.paramNames);
    const next = new Map([...this.binds].filter(([, b]) => !b.required));
    for (const [k, v] of Object.entries(values)) {
      if (!names.has(k)) throw new ArgumentError(`bindparams(): the text has no parameter :${k} (it has ${[...names].map((x) => ":" + x).join(", ") || "none"})`);
      const type = types[k] ? resolveType(types[k]) : (v instanceof BindParameter ? v.type : NULLTYPE);
      next.set(k, v instanceof BindParameter ? v : new BindParameter(v, type, k));
    }
    return new TextClause(this.text, next, this.columnTypes);
  }

  /** Declares result column types, for typed rows and result processing: `.columns({ id: Integer })`. */
  columns<C extends Record<string, TypeArg>>(cols: C): TypedText<{ [K in keyof C]: ValueOf<C[K]> }> {
    const list = Object.entries(cols).map(([k, t]) => [k, resolveType(t)] as const);
    return new TextClause(this.text, this.binds, list) as TypedText<{ [K in keyof C]: ValueOf<C[K]> }>;
  }

  /** The bind parameter rendered at each occurrence of a name (a placeholder when no value was bound). */
  bindFor(name: string): BindParameter<unknown> {
    return this.binds.get(name)!;
  }

  _ck(b: KeyBuilder): void {
    b.key += "(TEXT" + this.text.length + ":" + this.text;
    if (this.columnTypes) for (const [k, t] of this.columnTypes) b.key += "|" + k + ":" + t.cacheKey;
    for (const p of this.parts) if (typeof p !== "string") this.bindFor(p.param)._ck(b);
    b.key += ")";
  }
}

/** A text() with declared result columns. */
export type TypedText<R> = TextClause & { readonly __row: R };

export function text(sql: string): TextClause {
  return new TextClause(sql);
}
