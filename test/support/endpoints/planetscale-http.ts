/**
 * A local PlanetScale HTTP API in front of a real MariaDB (driver-protocols.md §2.1–§2.6), so that
 * the unmodified `@planetscale/database` client is exercised.
 *
 * `POST /psdb.v1alpha1.Database/Execute` and `/CreateSession`, Basic auth (the MySQL user and
 * password). A request with `session: null` opens a MySQL connection pinned to a new session id;
 * later requests with that session reuse it (so `START TRANSACTION` … `COMMIT` span requests), and
 * an idle session is closed after `idleMs`. A request for a session that already has one in flight
 * is refused with "session already in use" (as ps-http-sim does) and counted in `stats.overlaps`.
 * Rows are sent as byte lengths + base64 values with Vitess type names and flags; SQL errors are
 * HTTP 200 with `error`; a bad login is HTTP 401.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import mysql from "mysql2/promise";
import { closeServer, listenLocal, readBody, responseHold, sendJson } from "./http-util.js";

export interface PlanetscaleEndpoint {
  /** `http://user:password@127.0.0.1:PORT` for the client's `url`. */
  readonly url: string;
  readonly port: number;
  readonly stats: {
    requests: number; overlaps: number; sessions: number; maxInFlightPerSession: number;
    /** The SQL of every Execute request, in order. */
    queries: string[];
    reset(): void;
  };
  /**
   * The next Execute request whose SQL matches is executed but never answered, so that the client
   * must abort it (E16); resolves once it has been executed.
   */
  holdResponse(match: (query: string) => boolean): Promise<void>;
  /** Open pinned sessions. */
  readonly openSessions: () => number;
  stop(): Promise<void>;
}

interface Session {
  conn: mysql.Connection;
  busy: boolean;
  timer: NodeJS.Timeout | undefined;
}

const UNSIGNED = 32, BINARY = 128, ENUM = 256, SET = 2048;

/** MySQL column type + flags → Vitess `querypb.Type` name (vitess `mysqlToType` + modifiers). */
function vitessType(columnType: number, flags: number, charset: number): string {
  const u = (flags & UNSIGNED) !== 0;
  const bin = (flags & BINARY) !== 0 && charset === 63;
  switch (columnType) {
    case 1: return u ? "UINT8" : "INT8";
    case 2: return u ? "UINT16" : "INT16";
    case 3: return u ? "UINT32" : "INT32";
    case 8: return u ? "UINT64" : "INT64";
    case 9: return u ? "UINT24" : "INT24";
    case 4: return "FLOAT32";
    case 5: return "FLOAT64";
    case 6: return "NULL_TYPE";
    case 7: return "TIMESTAMP";
    case 10: return "DATE";
    case 11: return "TIME";
    case 12: return "DATETIME";
    case 13: return "YEAR";
    case 16: return "BIT";
    case 245: return "JSON";
    case 246: return "DECIMAL";
    case 255: return "GEOMETRY";
    case 249: case 250: case 251: case 252: return bin ? "BLOB" : "TEXT";
    case 15: case 253: return bin ? "VARBINARY" : "VARCHAR";
    case 254: return flags & ENUM ? "ENUM" : flags & SET ? "SET" : bin ? "BINARY" : "CHAR";
    default: return "VARCHAR";
  }
}

const VITESS_CODE: Record<number, string> = { 1062: "ALREADY_EXISTS", 1146: "NOT_FOUND", 1064: "INVALID_ARGUMENT", 1045: "UNAUTHENTICATED" };

function basicAuth(req: IncomingMessage): { user: string; password: string } | null {
  const h = req.headers.authorization;
  if (!h?.startsWith("Basic ")) return null;
  const [user, ...rest] = Buffer.from(h.slice(6), "base64").toString("utf8").split(":");
  return { user: user ?? "", password: rest.join(":") };
}

/** Starts the endpoint on 127.0.0.1 (free port) in front of the MariaDB at `upstreamUrl`. */
export async function startPlanetscaleEndpoint(upstreamUrl: string, options: { idleMs?: number } = {}): Promise<PlanetscaleEndpoint> {
  const up = new URL(upstreamUrl);
  const idleMs = options.idleMs ?? 10_000;
  const sessions = new Map<string, Session>();
  const stats = {
    requests: 0, overlaps: 0, sessions: 0, maxInFlightPerSession: 0, queries: [] as string[],
    reset() { this.requests = 0; this.overlaps = 0; this.sessions = 0; this.maxInFlightPerSession = 0; this.queries = []; },
  };
  const hold = responseHold<string>();

  const dropSession = (id: string) => {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    if (s.timer) clearTimeout(s.timer);
    s.conn.destroy();
  };

  const execute = async (s: Session, query: string) => {
    const [result, fields] = await s.conn.query({
      sql: query,
      rowsAsArray: true,
      typeCast: (field: { buffer(): Buffer | null }) => field.buffer(),
    } as mysql.QueryOptions);
    if (!Array.isArray(result)) {
      const h = result as mysql.ResultSetHeader;
      return {
        ...(h.affectedRows ? { rowsAffected: String(h.affectedRows) } : {}),
        ...(h.insertId ? { insertId: String(h.insertId) } : {}),
      };
    }
    const fs = (fields ?? []) as unknown as { name: string; columnType: number; flags: number; characterSet: number; columnLength: number; table: string; orgTable: string; schema: string; orgName: string }[];
    return {
      fields: fs.map((f) => {
        const type = vitessType(f.columnType, f.flags, f.characterSet);
        return {
          name: f.name, ...(type !== "NULL_TYPE" ? { type } : {}), table: f.table, orgTable: f.orgTable, database: f.schema,
          orgName: f.orgName, columnLength: f.columnLength, charset: f.characterSet, flags: f.flags,
        };
      }),
      rows: (result as (Buffer | null)[][]).map((row) => {
        const present = row.filter((c): c is Buffer => c !== null);
        const values = Buffer.concat(present);
        return {
          lengths: row.map((c) => (c === null ? "-1" : String(c.length))),
          ...(values.length > 0 ? { values: values.toString("base64") } : {}),
        };
      }),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "";
    if (req.method !== "POST" || !path.startsWith("/psdb.v1alpha1.Database/")) return sendJson(res, 404, { code: "not_found", message: "not found" });
    stats.requests++;
    const auth = basicAuth(req);
    if (!auth || auth.password === "") return sendJson(res, 401, { code: "unauthenticated", message: "missing credentials" });
    const body = JSON.parse((await readBody(req)) || "{}") as { query?: string; session?: { id?: string } | null };
    const open = async (): Promise<[string, Session]> => {
      const conn = await mysql.createConnection({
        host: up.hostname, port: Number(up.port || 3306), user: auth.user, password: auth.password,
        database: decodeURIComponent(up.pathname.slice(1)) || undefined, multipleStatements: false, timezone: "Z", dateStrings: true,
      });
      conn.on("error", () => {});
      const id = randomUUID();
      const s: Session = { conn, busy: false, timer: undefined };
      sessions.set(id, s);
      stats.sessions++;
      return [id, s];
    };
    let id: string;
    let s: Session;
    try {
      if (path.endsWith("/CreateSession") || !body.session?.id) [id, s] = await open();
      else {
        id = body.session.id;
        const found = sessions.get(id);
        if (!found) return sendJson(res, 200, { session: null, error: { code: "NOT_FOUND", message: `session not found: ${id}` } });
        s = found;
      }
    } catch (err) {
      const e = err as { errno?: number; message?: string };
      if (e.errno === 1045) return sendJson(res, 401, { code: "unauthenticated", message: e.message });
      return sendJson(res, 503, { code: "unavailable", message: String(e.message) });
    }
    const session = { id };
    if (path.endsWith("/CreateSession")) return sendJson(res, 200, { branch: "main", user: { username: auth.user }, session });
    if (s.busy) {
      stats.overlaps++;
      return sendJson(res, 200, { session, error: { code: "PERMISSION_DENIED", message: "session already in use" } });
    }
    s.busy = true;
    stats.maxInFlightPerSession = Math.max(stats.maxInFlightPerSession, 1);
    if (s.timer) clearTimeout(s.timer);
    const started = performance.now();
    try {
      const query = body.query ?? "";
      stats.queries.push(query);
      const held = hold.take(query);
      const result = await execute(s, query);
      if (held) return held();
      sendJson(res, 200, { session, result, timing: (performance.now() - started) / 1000 });
    } catch (err) {
      const e = err as { errno?: number; sqlState?: string; message?: string; fatal?: boolean };
      if (e.fatal) dropSession(id);
      const message = `${e.message ?? String(err)} (errno ${e.errno ?? 0}) (sqlstate ${e.sqlState ?? "HY000"})`;
      sendJson(res, 200, { session, error: { code: VITESS_CODE[e.errno ?? 0] ?? "UNKNOWN", message }, timing: (performance.now() - started) / 1000 });
    } finally {
      s.busy = false;
      if (sessions.has(id)) s.timer = setTimeout(() => dropSession(id), idleMs).unref();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: "internal", message: String(err) });
    });
  });
  const port = await listenLocal(server);
  const creds = `${encodeURIComponent(decodeURIComponent(up.username))}:${encodeURIComponent(decodeURIComponent(up.password))}`;
  return {
    url: `http://${creds}@127.0.0.1:${port}`,
    port,
    stats,
    holdResponse: (match) => hold.arm(match),
    openSessions: () => sessions.size,
    async stop() {
      await closeServer(server);
      for (const id of [...sessions.keys()]) dropSession(id);
    },
  };
}
