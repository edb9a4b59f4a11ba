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

/** Parses the text forms databases send (ISO, `YYYY-MM-DD HH:MM:SS.ffffff[+HH[:MM]]`); no offset means UTC. */
export function parseDateTime(text: string): Date {
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
  constructor(readonly timezone = false) {
    super();
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

const INTERVAL_UNITS: Record<string, number> = {
  year: 365.25 * 86400, years: 365.25 * 86400, mon: 30 * 86400, mons: 30 * 86400, month: 30 * 86400, months: 30 * 86400,
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

const DateFactory = typeFactory((): DateType => new DateType());
export { DateFactory as Date };
export const DateTime = typeFactory((options?: DateTimeOptions): DateTimeType => new DateTimeType(options?.timezone ?? false));
export const Time = typeFactory((): TimeType => new TimeType());
export const Interval = typeFactory((): IntervalType => new IntervalType());
