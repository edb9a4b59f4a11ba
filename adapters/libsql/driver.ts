/**
 * The libsql `Driver`: a client per session for file and remote databases, one shared client for
 * an in-memory database (which lives inside its only connection).
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo, DriverTransport } from "../../src/engine/driver.js";
import type { LibsqlClient, LibsqlClientConfig, LibsqlCreateClient } from "./client-types.js";
import { LibsqlConnection } from "./connection.js";
import { libsqlErrorInfo } from "./errors.js";
import { SQLiteDialect } from "../../src/index-sqlite.js";

/** True for `:memory:`, `file::memory:…` and `?mode=memory` URLs. */
export function isMemoryUrl(url: string): boolean {
  return url === ":memory:" || /^file::memory:/i.test(url) || /[?&]mode=memory(&|$)/i.test(url);
}

/** The transport of a libsql URL: `ws:`/`wss:` → websocket, `http(s):`/`libsql:` → http, else embedded. */
export function libsqlTransport(url: string): DriverTransport {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "ws" || scheme === "wss") return "websocket";
  if (scheme === "http" || scheme === "https" || scheme === "libsql") return "http";
  return "embedded";
}

/** Capabilities for a libsql URL. */
export function libsqlCapabilities(url: string): DriverCapabilities {
  const memory = isMemoryUrl(url);
  const caps: DriverCapabilities = {
    dialect: "sqlite",
    transport: libsqlTransport(url),
    interactiveTransactions: true,
    atomicBatch: true,
    returning: true,
    savepoints: true,
    cursors: false,
    maxParams: 32766,
    ...(memory ? { memory: true } : {}),
  };
  return Object.freeze(caps);
}

/** The `Driver` for `@libsql/client`. Create it with the `libsql(...)` factory of `index.ts`. */
export class LibsqlDriver implements Driver {
  readonly name = "libsql";
  declare readonly capabilities: DriverCapabilities;
  /** The sqlite dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = SQLiteDialect;
  readonly #create: LibsqlCreateClient;
  readonly #config: LibsqlClientConfig;
  #shared: LibsqlClient | null = null;

  constructor(create: LibsqlCreateClient, config: LibsqlClientConfig) {
    this.#create = create;
    this.capabilities = libsqlCapabilities(config.url);
    // an embedded session is one SQLite connection, so that PRAGMAs and temp tables stay with it
    this.#config = this.capabilities.transport === "embedded" && config.concurrency === undefined
      ? { ...config, concurrency: 1 }
      : config;
  }

  async connect(): Promise<DriverConnection> {
    if (this.capabilities.memory) {
      if (this.#shared === null || this.#shared.closed) this.#shared = this.#create({ ...this.#config });
      return new LibsqlConnection(this.#shared, false);
    }
    return new LibsqlConnection(this.#create({ ...this.#config }), true);
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return libsqlErrorInfo(err);
  }

  /** Closes the shared in-memory client (its database is gone afterwards). */
  async dispose(): Promise<void> {
    this.#shared?.close();
    this.#shared = null;
  }
}
