/**
 * A server-side cursor over a node-postgres-protocol session (the pg and neon-ws adapters):
 * `DECLARE alkahest_cursor_<n> NO SCROLL CURSOR FOR <query>` with the query's parameters bound as
 * for any query (PostgreSQL takes parameters in a cursor's query over the extended protocol),
 * `FETCH FORWARD <batchSize>` per page, `CLOSE` when the stream is left early. A cursor lives in a
 * transaction, which the engine opens before streaming. Plain SQL, so no `pg-cursor` dependency and
 * the same code in Node and workerd.
 * @module
 */
import type { DriverStatement, RawResult, RawStream, StreamOptions } from "./driver.js";

/** Cursors opened by this process (their names, unique per session). */
let cursorCount = 0;

/**
 * Opens the cursor and reads its first page (so that the column names are known before it is
 * consumed). Only a query can be a cursor: any other statement (`INSERT … RETURNING`) is run as
 * usual through `execute` and its rows are handed out in pages.
 */
export async function postgresCursorStream(execute: (stmt: DriverStatement) => Promise<RawResult>, stmt: DriverStatement, opts: StreamOptions): Promise<RawStream> {
  const size = Math.max(1, Math.floor(opts.batchSize));
  if (!/^\s*(select|with|values|\()/i.test(stmt.sql)) return bufferedStream(await execute(stmt), size);
  const name = `alkahest_cursor_${++cursorCount}`;
  await execute({ sql: `DECLARE ${name} NO SCROLL CURSOR FOR ${stmt.sql}`, params: stmt.params });
  const fetch = () => execute({ sql: `FETCH FORWARD ${size} FROM ${name}`, params: [] });
  const first = await fetch();
  let open = true;
  const close = async (): Promise<void> => {
    if (!open) return;
    open = false;
    await execute({ sql: `CLOSE ${name}`, params: [] });
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
      await close();
    },
  };
}

/** A result already read, handed out in pages. */
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
