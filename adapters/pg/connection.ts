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
import type { PgClient, PgQueryResult, PgTypeParsers, PgTypesRegistry } from "./client-types.js";

/** The per-query type parsers (shared with the other node-postgres-protocol adapters). @internal */
export function pgTypeParsers(registry: PgTypesRegistry): PgTypeParsers {
  return postgresTypeParsers(registry);
}


/** Cursors opened by this process (their names, unique per session). */
let cursorCount = 0;

/** A result already read, handed out in pages (a statement that cannot be a cursor). */
function bufferedStream(all: RawResult, size: number): RawStream {
  return {
    columns: all.columns,
    ...(all.columnTypes ? { columnTypes: all.columnTypes } : {}),
    close: () => Promise.resolve(),
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < all.rows.length; i += size) yield all.rows.slice(i, i + size);
    },
  };
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

  /**
   * A server-side cursor: `DECLARE … NO SCROLL CURSOR FOR <query>` (parameters bound as for any
   * query), `FETCH FORWARD <batchSize>` per page, `CLOSE` when the stream ends early. The engine
   * opens a transaction first (a cursor lives in one). The first page is fetched here, so that the
   * column names are known before it is read. Only a query can be a cursor: any other statement
   * (an `INSERT … RETURNING`) runs as usual and is handed out as pages of its result.
   */
  async stream(stmt: DriverStatement, opts: StreamOptions): Promise<RawStream> {
    const size = Math.max(1, Math.floor(opts.batchSize));
    if (!/^\s*(select|with|values)\b/i.test(stmt.sql) && !/^\s*\(/.test(stmt.sql)) {
      const all = await this.execute(stmt);
      return bufferedStream(all, size);
    }
    const name = `alkahest_cursor_${++cursorCount}`;
    await this.execute({ sql: `DECLARE ${name} NO SCROLL CURSOR FOR ${stmt.sql}`, params: stmt.params });
    const fetch = () => this.execute({ sql: `FETCH FORWARD ${size} FROM ${name}`, params: [] });
    const first = await fetch();
    let open = true;
    const close = async (): Promise<void> => {
      if (!open) return;
      open = false;
      await this.execute({ sql: `CLOSE ${name}`, params: [] });
    };
    return {
      columns: first.columns,
      ...(first.columnTypes ? { columnTypes: first.columnTypes } : {}),
      close,
      async *[Symbol.asyncIterator]() {
        let page = first;
        for (;;) {
          if (page.rows.length > 0) yield page.rows;
          if (page.rows.length < size) break;
          page = await fetch();
        }
        // the last FETCH returned fewer rows than asked: the cursor is exhausted (closed with the transaction)
        await close();
      },
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
