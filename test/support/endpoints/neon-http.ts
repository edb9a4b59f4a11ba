/**
 * A local Neon "SQL over HTTP" endpoint in front of a real PostgreSQL (driver-protocols.md §1.1,
 * §1.2, §1.5), so that the unmodified `neon()` client is exercised.
 *
 * `POST /sql` with headers `Neon-Connection-String`, `Neon-Raw-Text-Output`, `Neon-Array-Mode` and,
 * for batches, `Neon-Batch-Isolation-Level` / `-Read-Only` / `-Deferrable`. A body
 * `{query, params}` runs one statement; `{queries: [...]}` runs them all in one transaction,
 * rolled back on the first error. Statements use pg's extended protocol (`queryMode: "extended"`),
 * so — as on Neon — one statement per query. PostgreSQL errors are HTTP 400 with the 16 error
 * fields. Requests are counted in {@link NeonHttpEndpoint.stats}.
 *
 * Caveats (as the real proxy's differ): no auth, no response size limit; the connection string's
 * host is ignored and the upstream database is used with the header's credentials.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import { closeServer, listenLocal, readBody, responseHold, sendJson } from "./http-util.js";

/** Request counters of an endpoint (reset with `reset()`). */
export interface EndpointStats {
  /** HTTP requests received on the SQL path. */
  requests: number;
  /** Of those, batch (`{queries}`) requests. */
  batches: number;
  /** Statements executed (single and batched). */
  statements: number;
  reset(): void;
}

export function newStats(): EndpointStats {
  return {
    requests: 0,
    batches: 0,
    statements: 0,
    reset() {
      this.requests = 0;
      this.batches = 0;
      this.statements = 0;
    },
  };
}

export interface NeonHttpEndpoint {
  /** `http://127.0.0.1:PORT/sql`, for the adapter's `fetchEndpoint`. */
  readonly url: string;
  readonly port: number;
  readonly stats: EndpointStats;
  /**
   * The next request whose body matches is executed (a batch: committed) but never answered, so
   * that the client must abort it (E16); resolves once it has been executed.
   */
  holdResponse(match: (body: { query?: string; queries?: unknown[] }) => boolean): Promise<void>;
  stop(): Promise<void>;
}

const ERROR_FIELDS = [
  "code", "detail", "hint", "position", "internalPosition", "internalQuery", "severity", "where",
  "table", "column", "schema", "dataType", "constraint", "file", "line", "routine",
] as const;

const ISOLATION: Record<string, string> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

/** What Neon's `json_to_pg_text` does with a JSON parameter. */
function toPgText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `{${v.map((x) => { const t = toPgText(x); return t === null ? "NULL" : `"${t.replace(/[\\"]/g, (c) => "\\" + c)}"`; }).join(",")}}`;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

interface QueryData { query: string; params?: unknown[] }

const rawText = { getTypeParser: () => (v: string) => v };

/** Starts the endpoint on 127.0.0.1 (free port) in front of `upstreamUrl`. */
export async function startNeonHttpEndpoint(upstreamUrl: string): Promise<NeonHttpEndpoint> {
  const stats = newStats();
  const hold = responseHold<{ query?: string; queries?: unknown[] }>();
  const pools = new Map<string, pg.Pool>();
  const poolFor = (connString: string): pg.Pool => {
    const up = new URL(upstreamUrl);
    const want = new URL(connString);
    up.username = want.username || up.username;
    up.password = want.password || up.password;
    if (want.pathname.length > 1) up.pathname = want.pathname;
    const key = up.toString();
    let p = pools.get(key);
    if (!p) {
      p = new pg.Pool({ connectionString: key, max: 4, idleTimeoutMillis: 5_000 });
      p.on("error", () => {});
      pools.set(key, p);
    }
    return p;
  };

  const run = async (client: pg.PoolClient, q: QueryData, arrayMode: boolean) => {
    stats.statements++;
    const r = await client.query({
      text: q.query,
      values: (q.params ?? []).map(toPgText),
      ...(arrayMode ? { rowMode: "array" as const } : {}),
      types: rawText,
      queryMode: "extended",
    } as pg.QueryConfig);
    const fields = (r.fields ?? []).map((f) => ({
      name: f.name, dataTypeID: f.dataTypeID, tableID: f.tableID, columnID: f.columnID,
      dataTypeSize: f.dataTypeSize, dataTypeModifier: f.dataTypeModifier, format: "text",
    }));
    return { fields, command: r.command, rowCount: r.rowCount ?? null, rows: r.rows, rowAsArray: arrayMode };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || !req.url?.startsWith("/sql")) return sendJson(res, 404, { message: "not found" });
    stats.requests++;
    const connString = req.headers["neon-connection-string"];
    if (typeof connString !== "string") return sendJson(res, 400, { message: "missing Neon-Connection-String header" });
    const arrayMode = req.headers["neon-array-mode"] === "true";
    let body: { query?: string; params?: unknown[]; queries?: QueryData[] };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return sendJson(res, 400, { message: "invalid JSON body" });
    }
    const held = hold.take(body);
    const client = await poolFor(connString).connect();
    let inTx = false;
    try {
      if (Array.isArray(body.queries)) {
        stats.batches++;
        const iso = req.headers["neon-batch-isolation-level"];
        const ro = req.headers["neon-batch-read-only"];
        const def = req.headers["neon-batch-deferrable"];
        let begin = "BEGIN";
        if (typeof iso === "string" && ISOLATION[iso]) begin += ` ISOLATION LEVEL ${ISOLATION[iso]}`;
        if (ro === "true") begin += " READ ONLY";
        else if (ro === "false") begin += " READ WRITE";
        if (def === "true") begin += " DEFERRABLE";
        await client.query(begin);
        inTx = true;
        const results = [];
        for (const q of body.queries) results.push(await run(client, q, arrayMode));
        await client.query("COMMIT");
        inTx = false;
        const echo: Record<string, string> = {};
        if (typeof ro === "string") echo["Neon-Batch-Read-Only"] = ro;
        if (typeof iso === "string") echo["Neon-Batch-Isolation-Level"] = iso;
        if (typeof def === "string") echo["Neon-Batch-Deferrable"] = def;
        if (held) return held();
        sendJson(res, 200, { results }, echo);
      } else if (typeof body.query === "string") {
        const result = await run(client, { query: body.query, params: body.params ?? [] }, arrayMode);
        if (held) return held();
        sendJson(res, 200, result);
      } else {
        sendJson(res, 400, { message: "expected {query} or {queries}" });
      }
    } catch (err) {
      if (inTx) await client.query("ROLLBACK").catch(() => undefined);
      const e = err as Record<string, unknown>;
      if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) {
        const out: Record<string, unknown> = { message: e.message };
        for (const f of ERROR_FIELDS) out[f] = e[f] ?? null;
        sendJson(res, 400, out);
      } else {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String((err as Error).message ?? err));
      }
    } finally {
      client.release();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(err) });
    });
  });
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}/sql`,
    port,
    stats,
    holdResponse: (match) => hold.arm(match),
    async stop() {
      await closeServer(server);
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => undefined)));
    },
  };
}
