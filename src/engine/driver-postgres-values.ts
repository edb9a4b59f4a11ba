/**
 * The value forms shared by the adapters that speak PostgreSQL through node-postgres' API (pg,
 * neon-ws, neon-http): which types come back as the server's text, and how parameters are sent.
 * Part of the driver contract's support (like `errors.ts`): one table, so the three adapters can
 * never disagree on what the type result processors receive.
 * @module
 */

/** A pg-types style registry, or the per-query parsers built from one. */
export interface PostgresTypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

const identity = (text: string): string => text;

/**
 * OIDs returned as the server's text: node-postgres' defaults would read `date`/`timestamp` in the
 * process's local time zone and pre-parse `json` (losing the difference between a JSON string and
 * text the JSON type processor must parse). The alkahest result processors parse these texts.
 * int8 (20), numeric (1700), money (790), date (1082), time (1083), timestamp (1114),
 * timestamptz (1184), interval (1186), timetz (1266), json (114), jsonb (3802).
 */
export const POSTGRES_TEXT_OIDS: ReadonlySet<number> = new Set([20, 1700, 790, 1082, 1083, 1114, 1184, 1186, 1266, 114, 3802]);

/** Arrays of the types above: parsed into arrays whose elements stay text (as `text[]` is). */
const TEXT_ARRAY_OIDS = new Set([1016, 1231, 791, 1182, 1183, 1115, 1185, 1187, 1270, 199, 3807]);

/** OID of `text[]`, whose parser yields `(string | null)[]` (nested for multi-dimensional arrays). */
const TEXT_ARRAY_OID = 1009;

/**
 * Per-query type parsers (a query's `types` option, never a global `setTypeParser`): raw text for
 * {@link POSTGRES_TEXT_OIDS}, text elements for their arrays, and the registry's parser (read,
 * never written) for the rest (int2/int4/oid/float → number, bool → boolean, bytea → bytes,
 * other arrays → arrays).
 */
export function postgresTypeParsers(registry: PostgresTypeParsers): PostgresTypeParsers {
  const textArray = registry.getTypeParser(TEXT_ARRAY_OID, "text");
  return {
    getTypeParser(oid: number, format?: string) {
      if (POSTGRES_TEXT_OIDS.has(oid)) return identity;
      if (TEXT_ARRAY_OIDS.has(oid)) return textArray;
      return registry.getTypeParser(oid, format);
    },
  };
}

/**
 * Parameters as node-postgres should send them: `Date` as UTC ISO text (it would otherwise render
 * it in the process's local time zone, which a `timestamp without time zone` column keeps
 * verbatim), `undefined` as null.
 */
export function preparePostgresParams(params: readonly unknown[]): unknown[] {
  const n = params.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = params[i];
    out[i] = v instanceof Date ? v.toISOString() : v === undefined ? null : v;
  }
  return out;
}
