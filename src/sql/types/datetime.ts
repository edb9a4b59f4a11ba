/**
 * Date, DateTime, Time and Interval.
 *
 * Convention (docs/DECISIONS.md): a naive DATETIME/TIMESTAMP holds UTC. `Date` objects are bound
 * as UTC text and text without an offset is read back as UTC, so a value round-trips exactly on
 * every dialect whatever the server's or the process's time zone.
 */
import { TypeEngine, typeFactory, type DialectTraits, type Processor } from "./type-engine.js";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function formatDateUTC(d: Date): string {
  const y = d.getUTCFullYear();
  return `${y < 0 ? "-" + pad(-y, 4) : pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function formatDateTimeUTC(d: Date): string {
  return `${formatDateUTC(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

const DATETIME_RE = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** `s[i]` as a decimal digit, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `i` as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The common forms without a regex: `YYYY-MM-DD`, `YYYY-MM-DD[ T]HH:MM:SS[.f…][Z|±HH[[:]MM]]`
 * with a 4-digit year ≥ 100. Returns the epoch milliseconds, or NaN for anything else (the caller
 * then takes the general path, which gives the same result for every form accepted here).
 */
function fastParseDateTime(s: string): number {
  const len = s.length;
  if (len !== 10 && len < 19) return NaN;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const mo = twoDigits(s, 5);
  const da = twoDigits(s, 8);
  if (y1 < 1 || y2 < 0 || mo < 0 || da < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN; // '-'
  const year = y1 * 100 + y2;
  if (len === 10) return Date.UTC(year, mo - 1, da);
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84 && sep !== 116) return NaN; // ' ', 'T', 't'
  const h = twoDigits(s, 11);
  const mi = twoDigits(s, 14);
  const sec = twoDigits(s, 17);
  if (h < 0 || mi < 0 || sec < 0 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN; // ':'
  let i = 19;
  let ms = 0;
  if (i < len && s.charCodeAt(i) === 46) { // '.'
    const start = ++i;
    while (i < len && digitAt(s, i) >= 0) {
      const d = s.charCodeAt(i) - 48;
      const k = i - start;
      if (k < 3) ms += k === 0 ? d * 100 : k === 1 ? d * 10 : d; // truncated to milliseconds
      i++;
    }
    if (i === start) return NaN;
  }
  let t = Date.UTC(year, mo - 1, da, h, mi, sec, ms);
  if (i === len) return t;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === len) return t; // 'Z', 'z'
  if (z !== 43 && z !== 45) return NaN; // '+', '-'
  const oh = twoDigits(s, i + 1);
  if (oh < 0) return NaN;
  let om = 0;
  if (i + 3 === len) {
    // ±HH
  } else if (i + 5 === len && (om = twoDigits(s, i + 3)) >= 0) {
    // ±HHMM
  } else if (i + 6 === len && s.charCodeAt(i + 3) === 58 && (om = twoDigits(s, i + 4)) >= 0) {
    // ±HH:MM
  } else {
    return NaN;
  }
  t -= (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  return t;
}

/** Parses the text forms databases send (ISO, `YYYY-MM-DD HH:MM:SS.ffffff[+HH[:MM]]`); no offset means UTC. */
export function parseDateTime(text: string): Date {
  const fast = fastParseDateTime(text);
  if (fast === fast) return new Date(fast); // not NaN
  const m = DATETIME_RE.exec(text.trim());
  if (!m) {
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) throw new TypeError(`cannot parse ${JSON.stringify(text)} as a date/time`);
    return d;
  }
  const [, y, mo, da, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const ms = frac ? Number((frac + "00").slice(0, 3)) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s), ms);
  const year = Number(y);
  if (year >= 0 && year < 100) {
    const d = new Date(t);
    d.setUTCFullYear(year);
    t = d.getTime();
  }
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0");
    t -= sign * offset * 60_000;
  }
  return new Date(t);
}

abstract class Temporal<T> extends TypeEngine<T> {
  readonly affinity = "temporal" as const;
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an Invalid Date cannot be bound" : null;
    if (typeof value === "string") return null;
    return `a ${typeof value} was given where a ${this.describe()} value (Date) is expected`;
  }
}

export class DateType extends Temporal<Date> {
  readonly kind = "date" as const;
  override bindProcessor(): Processor {
    return (v) => (v instanceof Date ? formatDateUTC(v) : v);
  }
  override resultProcessor(): Processor {
    return (v) => (v === null || v instanceof Date ? v : parseDateTime(String(v)));
  }
}

export interface DateTimeOptions {
  /** TIMESTAMP WITH TIME ZONE (PostgreSQL), DATETIMEOFFSET (MSSQL). */
  timezone?: boolean;
}

export class DateTimeType extends Temporal<Date> {
  readonly kind = "datetime" as const;
  declare readonly timezone: boolean;
  constructor(timezone = false) {
    super();
    this.timezone = timezone;
  }
  override bindProcessor(dialect: DialectTraits): Processor {
    const suffix = dialect.name === "postgresql" ? "Z" : this.timezone && dialect.name === "mssql" ? " +00:00" : "";
    return (v) => (v instanceof Date ? formatDateTimeUTC(v) + suffix : v);
  }
  override resultProcessor(): Processor {
    return (v) => (v === null || v instanceof Date ? v : parseDateTime(String(v)));
  }
  override describe(): string {
    return this.timezone ? "TIMESTAMP WITH TIME ZONE" : "DATETIME";
  }
}

/** Time of day as text `HH:MM:SS[.ffffff]`. */
export class TimeType extends TypeEngine<string> {
  readonly kind = "time" as const;
  readonly affinity = "temporal" as const;
  override bindProcessor(): Processor {
    return (v) => (v instanceof Date ? formatDateTimeUTC(v).slice(11) : v);
  }
  override resultProcessor(): Processor {
    return (v) => (v === null || typeof v === "string" ? v : v instanceof Date ? formatDateTimeUTC(v).slice(11) : String(v));
  }
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined || typeof value === "string" || value instanceof Date) return null;
    return `a ${typeof value} was given where a TIME value ("HH:MM:SS" or Date) is expected`;
  }
}

/** Seconds per unit (a year is 365.25 days, a month 30). Literal numbers: esbuild keeps a table of products even when unused. */
const INTERVAL_UNITS: Record<string, number> = {
  year: 31557600, years: 31557600, mon: 2592000, mons: 2592000, month: 2592000, months: 2592000,
  day: 86400, days: 86400, hour: 3600, hours: 3600, min: 60, mins: 60, minute: 60, minutes: 60,
  sec: 1, secs: 1, second: 1, seconds: 1,
};

/** Parses PostgreSQL's interval output (`1 day 02:00:00`, `-1 days +02:00:00`, `00:00:01.5`) into seconds. */
export function parseInterval(v: unknown): number {
  if (typeof v === "number") return v;
  if (v && typeof v === "object") {
    const o = v as Record<string, number>;
    return (o.years ?? 0) * INTERVAL_UNITS.year! + (o.months ?? 0) * INTERVAL_UNITS.mon! + (o.days ?? 0) * 86400 +
      (o.hours ?? 0) * 3600 + (o.minutes ?? 0) * 60 + (o.seconds ?? 0) + (o.milliseconds ?? 0) / 1000;
  }
  const text = String(v).trim();
  let total = 0;
  const re = /([+-]?\d+(?:\.\d+)?)\s+([a-z]+)|([+-])?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/gi;
  let matched = false;
  for (const m of text.matchAll(re)) {
    matched = true;
    if (m[2]) {
      const unit = INTERVAL_UNITS[m[2].toLowerCase()];
      if (unit === undefined) throw new TypeError(`unknown interval unit in ${JSON.stringify(text)}`);
      total += Number(m[1]) * unit;
    } else {
      const secs = Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]);
      total += m[3] === "-" ? -secs : secs;
    }
  }
  if (!matched) {
    const n = Number(text);
    if (Number.isNaN(n)) throw new TypeError(`cannot parse ${JSON.stringify(text)} as an interval`);
    return n;
  }
  return total;
}

/** A duration in seconds (INTERVAL on PostgreSQL, a floating-point number of seconds elsewhere). */
export class IntervalType extends TypeEngine<number> {
  readonly kind = "interval" as const;
  readonly affinity = "numeric" as const;
  override bindProcessor(dialect: DialectTraits): Processor | null {
    return dialect.supportsNativeInterval ? (v) => (typeof v === "number" ? `${v} seconds` : v) : null;
  }
  override resultProcessor(): Processor {
    return (v) => (v === null ? v : parseInterval(v));
  }
  override checkValue(value: unknown): string | null {
    if (value === null || value === undefined || typeof value === "number") return null;
    return `a ${typeof value} was given where an INTERVAL value (number of seconds) is expected`;
  }
}

const DateFactory = /*#__PURE__*/ typeFactory((): DateType => new DateType());
export { DateFactory as Date };
export const DateTime = /*#__PURE__*/ typeFactory((options?: DateTimeOptions): DateTimeType => new DateTimeType(options?.timezone ?? false));
export const Time = /*#__PURE__*/ typeFactory((): TimeType => new TimeType());
export const Interval = /*#__PURE__*/ typeFactory((): IntervalType => new IntervalType());
