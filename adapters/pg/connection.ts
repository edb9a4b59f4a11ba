/**
 * One PostgreSQL session: a `pg.Client` per {@link PgConnection}.
 *
 * Values come back in the forms listed in the adapter's `index.ts`. Type parsing is chosen per
 * query (`QueryConfig.types`), never through pg's global `pg.types.setTypeParser` registry, so the
 * adapter cannot change what other users of `pg` in the same process receive.
 * @module
 */
import type { DriverConnection, DriverStatement, RawResult, RawStream, StreamOptions } from "../../src/engine/driver.js";
import { postgresTypeParsers, preparePostgresParams } from "../../src/engine/driver-postgres-values.js";
import { postgresCursorStream } from "../../src/engine/driver-postgres-cursor.js";
import type { PgClient, PgQueryResult, PgTypeParsers, PgTypesRegistry } from "./client-types.js";

/** The per-query type parsers (shared with the other node-postgres-protocol adapters). @internal */
export function pgTypeParsers(registry: PgTypesRegistry): PgTypeParsers {
  return postgresTypeParsers(registry);
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
      values: preparePostgresParams(stmt.params),
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

  /** A server-side cursor (`driver-postgres-cursor.ts`); the engine has opened a transaction. */
  stream(stmt: DriverStatement, opts: StreamOptions): Promise<RawStream> {
    return postgresCursorStream((s) => this.execute(s), stmt, opts);
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
