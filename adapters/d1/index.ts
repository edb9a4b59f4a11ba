/**
 * The D1 adapter: Cloudflare D1 (SQLite) through a Workers binding (`env.DB`). It imports no
 * package: the binding is handed in.
 *
 * | capability | value |
 * |---|---|
 * | dialect / transport | `sqlite` / `binding` |
 * | interactiveTransactions | **false** — D1 refuses `BEGIN`/`SAVEPOINT`; `engine.begin()` raises `NotSupportedError` (use `engine.batch([...])`) |
 * | atomicBatch | true — `db.batch()`: one request, one transaction |
 * | returning / savepoints / cursors | true / false / false |
 * | maxParams | 100 (D1's limit per statement) |
 *
 * Parameters: `bigint` is sent as a `number` when exact, else as decimal text (D1 rejects bigint);
 * booleans as 1/0; `Date` as ISO text. Values come back as D1 returns them (INTEGER/REAL →
 * `number`, TEXT → `string`), except blobs, which D1 returns as arrays of bytes and the adapter
 * turns into `Uint8Array`. DML reports `meta.changes` / `meta.last_row_id`. Errors carry the SQLite
 * code parsed from D1's message; a failing batch names no statement index (D1 does not report it).
 *
 * @example
 * ```ts
 * import { d1 } from "alkahest/adapters/d1";
 * export default { fetch: (req, env) => handle(createEngine(d1(env.DB))) };
 * ```
 * @module
 */
import type { Driver, DriverURL } from "../../src/engine/driver.js";
import type { D1Database } from "./client-types.js";
import { D1Driver } from "./driver.js";

export type { D1Database, D1PreparedStatement, D1Result } from "./client-types.js";
export { D1Driver, D1_CAPABILITIES } from "./driver.js";
export { d1ErrorInfo } from "./errors.js";
export { D1Connection, d1BindValue } from "./connection.js";

/** Creates the D1 driver over a binding (`env.DB`). */
export function d1(binding: D1Database): Driver {
  return new D1Driver(binding);
}

/** A D1 binding cannot be reached from a URL: pass `{ binding: env.DB }` in the options. */
export function fromURL(_url: DriverURL, options: Record<string, unknown> = {}): Driver {
  const binding = options.binding as D1Database | undefined;
  if (!binding) throw new TypeError("d1 adapter: a D1 binding is needed (createEngine(url, { binding: env.DB }) or d1(env.DB))");
  return d1(binding);
}
