/**
 * Identifier quoting: a name is quoted when it is a reserved word or not a plain lower-case
 * identifier, and the quote character is doubled inside it. NUL and over-long names are refused.
 * @module
 */
import { CompileError } from "../../errors.js";

const LEGAL = /^[a-z_][a-z0-9_$]*$/;

/** Words reserved by the SQL standard and by PostgreSQL, MySQL, SQLite and SQL Server together. */
export const COMMON_RESERVED = new Set(
  `add all alter analyse analyze and any array as asc asymmetric authorization between binary both by case cast check
  collate column constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user database default deferrable delete desc distinct do drop else end except exists false
  fetch for foreign freeze from full grant group having ilike in index initially inner insert intersect into is isnull
  join key lateral leading left like limit localtime localtimestamp match natural not notnull null offset on only or
  order outer over overlaps partition placing primary references regexp rename replace returning right row rows
  select session_user set similar some symmetric table tablesample then to top trailing true union unique update
  user using values variadic verbose view when where window with`.split(/\s+/),
);

export class IdentifierPreparer {
  declare readonly initialQuote: string;
  declare readonly finalQuote: string;
  declare readonly reserved: ReadonlySet<string>;
  /** Longest identifier the server accepts (0 = no limit). */
  declare readonly maxLength: number;
  constructor(
    initialQuote: string,
    finalQuote: string,
    reserved: ReadonlySet<string>,
    maxLength: number,
  ) {
    this.initialQuote = initialQuote;
    this.finalQuote = finalQuote;
    this.reserved = reserved;
    this.maxLength = maxLength;
  }

  readonly #memo = new Map<string, string>();

  /** Quotes a name when needed. */
  quote(name: string): string {
    const hit = this.#memo.get(name);
    if (hit !== undefined) return hit;
    this.#check(name);
    const out = this.requiresQuotes(name) ? this.quoteAlways(name) : name;
    if (this.#memo.size < 10_000) this.#memo.set(name, out);
    return out;
  }

  /** Quotes unconditionally, doubling the closing quote character inside the name. */
  quoteAlways(name: string): string {
    this.#check(name);
    return this.initialQuote + name.split(this.finalQuote).join(this.finalQuote + this.finalQuote) + this.finalQuote;
  }

  requiresQuotes(name: string): boolean {
    return !LEGAL.test(name) || this.reserved.has(name);
  }

  /** `schema.name`, each part quoted as needed. */
  quoteQualified(schema: string | null, name: string): string {
    return schema ? `${this.quote(schema)}.${this.quote(name)}` : this.quote(name);
  }

  #check(name: string): void {
    if (typeof name !== "string" || name.length === 0) throw new CompileError("an identifier must be a non-empty string");
    if (name.includes("\u0000")) throw new CompileError(`identifier ${JSON.stringify(name)} contains a NUL character, which no database accepts`);
    if (this.maxLength > 0 && new TextEncoder().encode(name).length > this.maxLength) {
      throw new CompileError(`identifier ${JSON.stringify(name.slice(0, 40))}… is longer than ${this.maxLength} bytes, the limit of this database; choose a shorter name`);
    }
  }
}
