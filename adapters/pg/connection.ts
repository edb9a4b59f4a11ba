/**
 * One PostgreSQL session: a `pg.Client` per {@link PgConnection}.
 *
 * Values come back in the forms listed in the adapter's `index.ts`. Type parsing is chosen per
 * query (`QueryConfig.types`), never through pg's global `pg.types.setTypeParser` registry, so the
 * adapter cannot change what other users of `pg` in the same process receive.
 * @module
 */
import type { DriverConnection, DriverStatement, RawResult } from "../../src/engine/driver.js";
import type { PgClient, PgQueryResult, PgTypeParsers, PgTypesRegistry } from "./client-types.js";

const identity = (text: string): string => text;

/**
 * OIDs returned as the server's text: pg's defaults would read `date`/`timestamp` in the process's
 * local time zone and pre-parse `json` (losing the difference between a JSON string and text the
 * JSON type processor must parse). The alkahest result processors parse these texts.
 * int8 (20), numeric (1700), money (790), date (1082), time (1083), timestamp (1114),
 * timestamptz (1184), interval (1186), timetz (1266), json (114), jsonb (3802).
 */
const TEXT_OIDS = new Set([20, 1700, 790, 1082, 1083, 1114, 1184, 1186, 1266, 114, 3802]);

/** Arrays of the types above: parsed into arrays whose elements stay text (as `text[]` is). */
const TEXT_ARRAY_OIDS = new Set([1016, 1231, 791, 1182, 1183, 1115, 1185, 1187, 1270, 199, 3807]);

/** OID of `text[]`, whose parser yields `(string | null)[]` (nested for multi-dimensional arrays). */
const TEXT_ARRAY_OID = 1009;

/**
 * The per-query type parsers: raw text for {@link TEXT_OIDS}, text elements for
 * {@link TEXT_ARRAY_OIDS}, and pg's registered parser (read, never written) for the rest
 * (int2/int4/oid/float4/float8 → number, bool → boolean, bytea → Buffer, other arrays → arrays).
 * @internal
 */
export function pgTypeParsers(registry: PgTypesRegistry): PgTypeParsers {
  const textArray = registry.getTypeParser(TEXT_ARRAY_OID, "text");
  return {
    getTypeParser(oid: number, format?: string) {
      if (TEXT_OIDS.has(oid)) return identity;
      if (TEXT_ARRAY_OIDS.has(oid)) return textArray;
      return registry.getTypeParser(oid, format);
    },
  };
}

/**
 * Parameters as pg should see them. `Date` is sent as UTC ISO text: pg would otherwise render it
 * in the process's local time zone, which a `timestamp without time zone` column keeps verbatim.
 */
function prepareParams(params: readonly unknown[]): unknown[] {
  const n = params.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = params[i];
    out[i] = v instanceof Date ? v.toISOString() : v === undefined ? null : v;
  }
  return out;
}

/** The {@link DriverConnection} over one `pg.Client`. Built by the pg `Driver`'s `connect()`. */
export class PgConnection implements DriverConnection {
  readonly #client: PgClient;
  readonly #types: PgTypeParsers;
  readonly #listeners = new Set<(error: unknown) => void>();
  #lost: unknown = undefined;
  #closing: Promise<void> | undefined;

  /** Wraps a client that has already connected. Attaches the `error`/`end` listeners at once. */
  constructor(client: PgClient, types: PgTypeParsers) {
    this.#client = client;
    this.#types = types;
    // An 'error' event without a listener would crash the process (EventEmitter semantics).
    client.on("error", (err) => this.#disconnected(err));
    client.on("end", () => this.#disconnected(new Error("Connection terminated")));
  }

  /** The server backend's pid (`pg_backend_pid()`), e.g. for `pg_terminate_backend`. */
  get processId(): number | null {
    return this.#client.processID ?? null;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    const out = await this.#client.query({
      text: stmt.sql,
      values: prepareParams(stmt.params),
      rowMode: "array",
      types: this.#types,
    });
    // a simple-protocol query with several statements yields one result each; keep the last
    const result: PgQueryResult = Array.isArray(out) ? out[out.length - 1]! : out;
    const fields = result.fields ?? [];
    const n = fields.length;
    const columns = new Array<string>(n);
    const columnTypes = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const f = fields[i]!;
      columns[i] = f.name;
      columnTypes[i] = f.dataTypeID;
    }
    return {
      columns,
      rows: result.rows ?? [],
      rowCount: result.rowCount ?? -1,
      lastInsertId: null,
      columnTypes,
    };
  }

  async ping(): Promise<void> {
    await this.#client.query({ text: "SELECT 1", rowMode: "array", types: this.#types });
  }

  onDisconnect(listener: (error: unknown) => void): () => void {
    if (this.#lost !== undefined) {
      queueMicrotask(() => listener(this.#lost));
      return () => {};
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#client.end().then(
      () => undefined,
      () => undefined, // ending a dead session is not an error worth reporting
    );
    return this.#closing;
  }

  #disconnected(error: unknown): void {
    if (this.#lost !== undefined || this.#closing !== undefined) return;
    this.#lost = error;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const l of listeners) {
      try {
        l(error);
      } catch {
        // a listener's failure must not turn a socket event into an uncaught exception
      }
    }
  }
}
