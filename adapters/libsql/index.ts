/**
 * The libsql adapter (`@libsql/client`): SQLite files and `:memory:` in-process, and (by URL)
 * sqld/Turso over HTTP or WebSocket.
 *
 * Imports only the driver contract and `@libsql/client`. Values come back as libsql returns them:
 *
 * | SQLite storage class | value |
 * |---|---|
 * | INTEGER | `number` (`intMode: "number"`, the default; reading one beyond ±2^53 throws a `RangeError`), or `bigint`/`string` with `intMode` |
 * | REAL | `number` |
 * | TEXT (also dates/times/JSON/DECIMAL stored as text) | `string` |
 * | BLOB | `ArrayBuffer` |
 * | NULL | `null` |
 *
 * `lastInsertId` is the row id of the last insert (a `number` when exact, else `bigint`); DML
 * `rowCount` is `rowsAffected`, and for statements that return rows it is at least the row count.
 * Transactions go through `begin`/`commit`/`rollback` (libsql's interactive transactions);
 * `batch()` is atomic. A `:memory:` database is one shared client (`capabilities.memory`).
 *
 * @example
 * ```ts
 * import { libsql } from "alkahest/adapters/libsql";
 * const engine = createEngine(libsql("file:app.db"));
 * ```
 * @module
 */
import { createClient } from "@libsql/client";
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { LibsqlClientConfig, LibsqlCreateClient } from "./client-types.js";
import { LibsqlDriver } from "./driver.js";

export type { LibsqlClientConfig, LibsqlCreateClient } from "./client-types.js";
export { LibsqlDriver, libsqlCapabilities, libsqlTransport, isMemoryUrl } from "./driver.js";
export { libsqlErrorInfo } from "./errors.js";
export { LibsqlConnection } from "./connection.js";

/** Options of {@link libsql}: `createClient` options plus the client factory to use. */
export interface LibsqlAdapterConfig extends LibsqlClientConfig {
  /** A `createClient` compatible with `@libsql/client`'s (e.g. from `@libsql/client/web`). */
  createClient?: LibsqlCreateClient;
}

/**
 * Creates the libsql driver from a URL (`file:app.db`, `:memory:`, `http://…`, `ws://…`,
 * `libsql://…`) or `createClient` options.
 * @example
 * ```ts
 * libsql({ url: "file:app.db", intMode: "bigint" });
 * ```
 */
export function libsql(config: string | LibsqlAdapterConfig): Driver {
  const { createClient: create, ...options } = typeof config === "string" ? ({ url: config } as LibsqlAdapterConfig) : config;
  // createClient's declared config type is wider than the structural subset; it satisfies it at runtime
  return new LibsqlDriver(create ?? (createClient as unknown as LibsqlCreateClient), options);
}

/**
 * Builds the driver from a parsed `sqlite+libsql:///path.db` URL (used by `createEngine(url)`):
 * `:memory:` stays in memory, any other path is a `file:` database.
 */
export function fromURL(url: DriverURL, options: Record<string, unknown> = {}): Driver {
  const path = url.database ?? ":memory:";
  return libsql({ ...(options as LibsqlAdapterConfig), url: path === ":memory:" ? ":memory:" : `file:${path}` });
}
