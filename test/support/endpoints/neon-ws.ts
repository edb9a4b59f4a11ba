/**
 * A local Neon WebSocket proxy (driver-protocols.md §1.5): a `ws` WebSocketServer on `/v1` that
 * pipes each WebSocket to a TCP connection to the real PostgreSQL, byte for byte (as Neon's
 * wsproxy does). Counts connections and client→server WebSocket messages.
 *
 * Client settings: `wsProxy: () => "127.0.0.1:PORT/v1"`, `useSecureWebSocket: false`,
 * `pipelineConnect: false`, `webSocketConstructor: ws` (Node 20).
 */
import { createServer } from "node:http";
import { connect, type Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { closeServer, listenLocal } from "./http-util.js";

export interface NeonWsProxy {
  /** `127.0.0.1:PORT/v1`, for the client's `wsProxy`. */
  readonly wsProxy: string;
  readonly port: number;
  readonly stats: { connections: number; messages: number; reset(): void };
  /** Currently open WebSockets. */
  readonly open: () => number;
  /** Closes every open WebSocket (simulates a dropped connection). */
  dropAll(): void;
  stop(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 (free port) in front of the PostgreSQL at `upstreamUrl`. */
export async function startNeonWsProxy(upstreamUrl: string): Promise<NeonWsProxy> {
  const up = new URL(upstreamUrl);
  const stats = { connections: 0, messages: 0, reset() { this.connections = 0; this.messages = 0; } };
  const server = createServer((_req, res) => { res.writeHead(426); res.end(); });
  const wss = new WebSocketServer({ server, path: "/v1" });
  const pairs = new Set<{ ws: WebSocket; tcp: Socket }>();
  wss.on("connection", (ws) => {
    stats.connections++;
    const tcp = connect(Number(up.port || 5432), up.hostname);
    const pair = { ws, tcp };
    pairs.add(pair);
    const pending: Buffer[] = [];
    let ready = false;
    tcp.on("connect", () => {
      ready = true;
      for (const b of pending.splice(0)) tcp.write(b);
    });
    ws.on("message", (data: Buffer) => {
      stats.messages++;
      if (ready) tcp.write(data);
      else pending.push(data);
    });
    tcp.on("data", (d) => ws.readyState === ws.OPEN && ws.send(d));
    const end = () => {
      pairs.delete(pair);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on("close", end);
    tcp.on("error", end);
    ws.on("close", end);
    ws.on("error", end);
  });
  const port = await listenLocal(server);
  return {
    wsProxy: `127.0.0.1:${port}/v1`,
    port,
    stats,
    open: () => pairs.size,
    dropAll() {
      for (const p of [...pairs]) {
        p.ws.terminate();
        p.tcp.destroy();
      }
    },
    async stop() {
      for (const p of [...pairs]) {
        p.ws.terminate();
        p.tcp.destroy();
      }
      wss.close();
      await closeServer(server);
    },
  };
}
