/**
 * The D1 `Driver`: SQLite through a Cloudflare Workers binding. No interactive transactions (D1
 * refuses `BEGIN`/`SAVEPOINT`); `batch()` is the atomic unit.
 * @module
 */
import type { Driver, DriverCapabilities, DriverConnection, DriverErrorInfo } from "../../src/engine/driver.js";
import type { D1Database } from "./client-types.js";
import { D1Connection } from "./connection.js";
import { d1ErrorInfo } from "./errors.js";
import { SQLiteDialect } from "../../src/index-sqlite.js";

/** What a D1 binding can do. D1 allows at most 100 bound parameters per statement. */
export const D1_CAPABILITIES: DriverCapabilities = Object.freeze({
  dialect: "sqlite",
  transport: "binding",
  interactiveTransactions: false,
  atomicBatch: true,
  returning: true,
  savepoints: false,
  cursors: false,
  maxParams: 100,
});

/** The `Driver` for a D1 binding. Create it with `d1(env.DB)`. */
export class D1Driver implements Driver {
  readonly name = "d1";
  readonly capabilities = D1_CAPABILITIES;
  /** The sqlite dialect (importing its entry point registers the name; the engine compiles with it). */
  readonly dialectClass = SQLiteDialect;
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** No I/O: a connection is a request context over the binding. */
  async connect(): Promise<DriverConnection> {
    return new D1Connection(this.#db);
  }

  errorInfo(err: unknown): DriverErrorInfo {
    return d1ErrorInfo(err);
  }
}
