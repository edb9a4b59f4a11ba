/**
 * A local libSQL server speaking Hrana 2 (driver-protocols.md §3.2, §3.3) on the `libsql` package,
 * so that the unmodified `@libsql/client` is exercised over `http://` and `ws://` on one port.
 *
 * - HTTP: `POST /v2/pipeline` `{baton, requests}`. `baton: null` opens a stream; every response
 *   carries a fresh baton (or `null` once the stream is closed), the old one is void. All requests
 *   of a pipeline run even if some fail; an unknown baton is HTTP 400. `store_sql` is per stream.
 *   Streams idle for {@link HranaEndpointOptions.streamIdleMs} are closed (rolled back), as sqld's.
 * - WebSocket (subprotocol `hrana2`, or `hrana1`): `hello` → `hello_ok`, then `request` →
 *   `response_ok`/`response_error` with `open_stream`/`close_stream`; `store_sql` is per socket.
 *
 * Every stream is one `Database` connection on a shared WAL file database, so transactions on
 * different streams are isolated as on sqld. Requests are counted in {@link HranaEndpoint.stats}.
 * Caveats: no auth (a JWT is ignored), no `base_url` stickiness, no v3 (`cursor`, protobuf).
 * @module
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "libsql";
import { WebSocketServer, type WebSocket } from "ws";
import { tempSqliteFile } from "../db/sqlite.js";
import { closeServer, listenLocal, readBody, responseHold, sendJson } from "./http-util.js";
import { HranaRequestError, HranaStream, toHranaError, type HranaBatch, type HranaStmt } from "./hrana-stream.js";

/** Counters of a Hrana endpoint (reset with `reset()`). */
export interface HranaStats {
  /** HTTP requests on `/v2/pipeline`. */
  requests: number;
  /** Stream requests inside those pipelines (`execute`, `batch`, `close`, `store_sql`…). */
  pipelineRequests: number;
  /** WebSocket messages received from clients (hello and requests). */
  wsMessages: number;
  /** Streams opened (HTTP batons from `null`, WS `open_stream`). */
  streamsOpened: number;
  /** Statements executed, batch steps and `sequence` included (BEGIN/COMMIT steps count). */
  statements: number;
  reset(): void;
}

/** A running endpoint. */
export interface HranaEndpoint {
  /** `http://127.0.0.1:PORT` for `createClient({ url })`. */
  readonly url: string;
  /** `ws://127.0.0.1:PORT`, the same server over WebSocket. */
  readonly wsUrl: string;
  /** The SQLite file behind every stream. */
  readonly path: string;
  readonly stats: HranaStats;
  /**
   * The next HTTP pipeline request whose stream requests match is executed but never answered, so
   * that the client must abort it (E16); resolves once it has been executed.
   */
  holdResponse(match: (requests: readonly { type: string }[]) => boolean): Promise<void>;
  /** Streams currently open (HTTP and WS). */
  openStreams(): number;
  /** Closes all sockets and streams, stops listening, and removes a temporary database. */
  stop(): Promise<void>;
}

/** Options of {@link startHranaEndpoint}. */
export interface HranaEndpointOptions {
  /** The database file; default: a fresh temporary one, removed by `stop()`. */
  path?: string;
  /** Idle time after which an HTTP stream is closed; default 10 s. */
  streamIdleMs?: number;
}

interface StreamRequest {
  type: string;
  stream_id?: number;
  stmt?: HranaStmt;
  batch?: HranaBatch;
  sql?: string | null;
  sql_id?: number | null;
}

/** Stored SQL texts plus the stream a request runs on. */
interface Scope {
  sqls: Map<number, string>;
  stream(req: StreamRequest): HranaStream;
}

/** Runs one stream request that is common to HTTP and WS; `null` when the type is not one of those. */
function runCommon(req: StreamRequest, scope: Scope): unknown | null {
  const lookup = (id: number) => scope.sqls.get(id);
  switch (req.type) {
    case "execute":
      if (!req.stmt) throw new HranaRequestError("execute without stmt", "HRANA_PROTO_ERROR");
      return { type: "execute", result: scope.stream(req).execute(req.stmt, lookup) };
    case "batch":
      if (!req.batch) throw new HranaRequestError("batch without batch", "HRANA_PROTO_ERROR");
      return { type: "batch", result: scope.stream(req).batch(req.batch, lookup) };
    case "sequence":
      scope.stream(req).sequence(req, lookup);
      return { type: "sequence" };
    case "describe":
      return { type: "describe", result: scope.stream(req).describe(req, lookup) };
    case "get_autocommit":
      return { type: "get_autocommit", is_autocommit: scope.stream(req).isAutocommit };
    case "store_sql":
      if (typeof req.sql_id !== "number" || typeof req.sql !== "string") throw new HranaRequestError("store_sql needs sql_id and sql", "HRANA_PROTO_ERROR");
      if (scope.sqls.has(req.sql_id)) throw new HranaRequestError(`SQL text ${req.sql_id} already stored`, "SQL_STORE_ERROR");
      scope.sqls.set(req.sql_id, req.sql);
      return { type: "store_sql" };
    case "close_sql":
      if (typeof req.sql_id === "number") scope.sqls.delete(req.sql_id);
      return { type: "close_sql" };
    default:
      return null;
  }
}

interface HttpStream {
  stream: HranaStream;
  sqls: Map<number, string>;
  lastUsed: number;
}

/** Starts the endpoint on 127.0.0.1 at a free port. */
export async function startHranaEndpoint(options: HranaEndpointOptions = {}): Promise<HranaEndpoint> {
  const temp = options.path === undefined ? await tempSqliteFile("hrana.db") : null;
  const path = options.path ?? temp!.path;
  const idleMs = options.streamIdleMs ?? 10_000;
  {
    const setup = new Database(path);
    setup.exec("PRAGMA journal_mode=WAL");
    setup.close();
  }
  const stats: HranaStats = {
    requests: 0, pipelineRequests: 0, wsMessages: 0, streamsOpened: 0, statements: 0,
    reset() {
      this.requests = 0;
      this.pipelineRequests = 0;
      this.wsMessages = 0;
      this.streamsOpened = 0;
      this.statements = 0;
    },
  };
  const hold = responseHold<readonly { type: string }[]>();
  const open = (): HranaStream => {
    stats.streamsOpened++;
    return new HranaStream(path);
  };
  const counted = <T>(stream: HranaStream, fn: () => T): T => {
    const before = stream.statements;
    try {
      return fn();
    } finally {
      stats.statements += stream.statements - before;
    }
  };

  // ---- HTTP ----
  const batons = new Map<string, HttpStream>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [baton, s] of batons) {
      if (now - s.lastUsed > idleMs) {
        batons.delete(baton);
        s.stream.close();
      }
    }
  }, Math.min(idleMs, 1_000));
  sweep.unref();

  const pipeline = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    let body: { baton?: string | null; requests?: StreamRequest[] };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return sendJson(res, 400, { message: "invalid JSON body" });
    }
    if (!Array.isArray(body.requests)) return sendJson(res, 400, { message: "requests must be an array" });
    const held = hold.take(body.requests);
    let entry: HttpStream | undefined;
    if (body.baton === null || body.baton === undefined) {
      entry = { stream: open(), sqls: new Map(), lastUsed: Date.now() };
    } else {
      entry = batons.get(body.baton);
      batons.delete(body.baton); // a baton is good for one request
      if (entry === undefined) return sendJson(res, 400, { message: "The stream has expired or the baton is invalid", code: "STREAM_EXPIRED" });
    }
    const s = entry;
    const scope: Scope = { sqls: s.sqls, stream: () => s.stream };
    const results = body.requests.map((r) => {
      stats.pipelineRequests++;
      try {
        if (r.type === "close") {
          s.stream.close();
          return { type: "ok", response: { type: "close" } };
        }
        const response = counted(s.stream, () => runCommon(r, scope));
        if (response === null) throw new HranaRequestError(`unknown request type ${JSON.stringify(r.type)}`, "HRANA_PROTO_ERROR");
        return { type: "ok", response };
      } catch (err) {
        return { type: "error", error: toHranaError(err) };
      }
    });
    let baton: string | null = null;
    if (!s.stream.closed) {
      baton = randomBytes(12).toString("hex");
      s.lastUsed = Date.now();
      batons.set(baton, s);
    }
    if (held) return held();
    sendJson(res, 200, { baton, base_url: null, results });
  };

  const server = createServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method === "POST" && path === "/v2/pipeline") {
      pipeline(req, res).catch((err: unknown) => sendJson(res, 500, { message: String(err) }));
    } else if (req.method === "GET" && (path === "/v2" || path === "/")) {
      res.writeHead(200).end();
    } else {
      sendJson(res, 404, { message: `no route ${req.method} ${req.url}` });
    }
  });

  // ---- WebSocket ----
  const sockets = new Set<WebSocket>();
  const wsStreams = new Set<HranaStream>();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("hrana2") ? "hrana2" : protocols.has("hrana1") ? "hrana1" : false),
  });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  wss.on("connection", (ws: WebSocket) => {
    sockets.add(ws);
    const streams = new Map<number, HranaStream>();
    const sqls = new Map<number, string>();
    let helloed = false;
    const send = (msg: unknown) => ws.send(JSON.stringify(msg));
    const streamOf = (req: StreamRequest): HranaStream => {
      const st = typeof req.stream_id === "number" ? streams.get(req.stream_id) : undefined;
      if (st === undefined) throw new HranaRequestError(`stream ${String(req.stream_id)} is not open`, "STREAM_NOT_FOUND");
      return st;
    };
    const scope: Scope = { sqls, stream: streamOf };
    const handle = (req: StreamRequest): unknown => {
      switch (req.type) {
        case "open_stream": {
          if (typeof req.stream_id !== "number" || streams.has(req.stream_id)) throw new HranaRequestError("invalid stream_id", "HRANA_PROTO_ERROR");
          const st = open();
          streams.set(req.stream_id, st);
          wsStreams.add(st);
          return { type: "open_stream" };
        }
        case "close_stream": {
          const st = typeof req.stream_id === "number" ? streams.get(req.stream_id) : undefined;
          if (st) {
            st.close();
            wsStreams.delete(st);
            streams.delete(req.stream_id!);
          }
          return { type: "close_stream" };
        }
        default: {
          const st = req.type === "store_sql" || req.type === "close_sql" ? null : streamOf(req);
          const response = st ? counted(st, () => runCommon(req, scope)) : runCommon(req, scope);
          if (response === null) throw new HranaRequestError(`unknown request type ${JSON.stringify(req.type)}`, "HRANA_PROTO_ERROR");
          return response;
        }
      }
    };
    ws.on("message", (data, isBinary) => {
      stats.wsMessages++;
      let msg: { type?: string; request_id?: number; request?: StreamRequest };
      try {
        if (isBinary) throw new Error("binary frame");
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        ws.close(1003, "invalid message");
        return;
      }
      if (msg.type === "hello") {
        helloed = true;
        send({ type: "hello_ok" });
      } else if (msg.type === "request" && helloed && msg.request) {
        try {
          send({ type: "response_ok", request_id: msg.request_id, response: handle(msg.request) });
        } catch (err) {
          send({ type: "response_error", request_id: msg.request_id, error: toHranaError(err) });
        }
      } else {
        ws.close(1002, helloed ? "unexpected message" : "hello expected first");
      }
    });
    ws.on("error", () => undefined);
    ws.on("close", () => {
      sockets.delete(ws);
      for (const st of streams.values()) {
        st.close();
        wsStreams.delete(st);
      }
      streams.clear();
    });
  });

  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    path,
    stats,
    holdResponse: (match) => hold.arm(match),
    openStreams: () => batons.size + wsStreams.size,
    async stop() {
      clearInterval(sweep);
      for (const ws of sockets) ws.terminate();
      wss.close();
      await closeServer(server);
      for (const s of batons.values()) s.stream.close();
      batons.clear();
      for (const st of wsStreams) st.close();
      wsStreams.clear();
      await temp?.remove();
    },
  };
}
