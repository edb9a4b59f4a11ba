/**
 * One Neon WebSocket session: a `Client` per {@link NeonWsConnection}, i.e. one WebSocket carrying
 * the PostgreSQL wire protocol. Transactions and savepoints are plain SQL on it.
 * @module
 */
import type { DriverConnection, DriverStatement, RawResult, RawStream, StreamOptions } from "../../src/engine/driver.js";
import { postgresTypeParsers, preparePostgresParams } from "../../src/engine/driver-postgres-values.js";
import { postgresCursorStream } from "../../src/engine/driver-postgres-cursor.js";
import type { NeonWsClient, NeonWsQueryResult, NeonWsTypeParsers, NeonWsTypesRegistry } from "./client-types.js";

/** Per-query type parsers, the same forms as the pg adapter (shared table). @internal */
export function neonWsTypeParsers(registry: NeonWsTypesRegistry): NeonWsTypeParsers {
  return postgresTypeParsers(registry);
}


/** The {@link DriverConnection} over one Neon WebSocket `Client`. */
export class NeonWsConnection implements DriverConnection {
  readonly #client: NeonWsClient;
  readonly #types: NeonWsTypeParsers;
  readonly #listeners = new Set<(error: unknown) => void>();
  #lost: unknown = undefined;
  #closing: Promise<void> | undefined;

  /** Wraps a connected client and attaches its `error`/`end` listeners. */
  constructor(client: NeonWsClient, types: NeonWsTypeParsers) {
    this.#client = client;
    this.#types = types;
    client.on("error", (err) => this.#disconnected(err));
    client.on("end", () => this.#disconnected(new Error("Connection terminated")));
  }

  /** The server backend's pid. */
  get processId(): number | null {
    return this.#client.processID ?? null;
  }

  async execute(stmt: DriverStatement): Promise<RawResult> {
    const out = await this.#client.query({ text: stmt.sql, values: preparePostgresParams(stmt.params), rowMode: "array", types: this.#types });
    const result: NeonWsQueryResult = Array.isArray(out) ? out[out.length - 1]! : out;
    const fields = result.fields ?? [];
    return {
      columns: fields.map((f) => f.name),
      rows: result.rows ?? [],
      rowCount: result.rowCount ?? -1,
      lastInsertId: null,
      columnTypes: fields.map((f) => f.dataTypeID),
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
    this.#closing ??= this.#client.end().then(() => undefined, () => undefined);
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
        // a listener's failure must not become an uncaught exception
      }
    }
  }
}
