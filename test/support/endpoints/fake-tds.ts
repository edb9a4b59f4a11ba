/**
 * A canned-response TDS server for the tedious adapter (driver-protocols.md §5.2): it cannot run
 * T-SQL, but speaks enough TDS 7.4 for tedious to log in, run requests and transactions, and lets
 * tests check what the adapter sent and how it reads the answers.
 *
 * Messages are framed with tedious' own `IncomingMessageStream` / `OutgoingMessageStream` /
 * `Message` and `PreloginPayload` (deep imports; tedious is pinned at 19.2.2, which has no exports
 * map). PRELOGIN → PreloginPayload (no encryption); LOGIN7 → LOGINACK + DONE; SQL batch →
 * the script's reply (default: DONE); RPC (`sp_executesql`) → the script's reply: COLMETADATA +
 * ROW×n + DONE(count), DONE(count) or ERROR (0xAA) + DONE(error); transaction manager →
 * ENVCHANGE begin/commit/rollback with a fresh descriptor + DONE. Every request is logged.
 * @module
 */
import { createRequire } from "node:module";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { decodeRpc, decodeSqlBatch, decodeTransactionManager, type RpcParam } from "./fake-tds-rpc.js";
import {
  colMetadata, done, DONE_COUNT, DONE_ERROR, ENV_BEGIN_TXN, ENV_COMMIT_TXN, ENV_ROLLBACK_TXN, errorToken, loginAck, row,
  txEnvChange, type FakeColumn,
} from "./fake-tds-tokens.js";

const require = createRequire(import.meta.url);
const Debug = require("tedious/lib/debug.js") as typeof import("tedious/lib/debug.js").default;
const IncomingMessageStream = require("tedious/lib/incoming-message-stream.js") as typeof import("tedious/lib/incoming-message-stream.js").default;
const OutgoingMessageStream = require("tedious/lib/outgoing-message-stream.js") as typeof import("tedious/lib/outgoing-message-stream.js").default;
const Message = require("tedious/lib/message.js") as typeof import("tedious/lib/message.js").default;
const PreloginPayload = require("tedious/lib/prelogin-payload.js") as typeof import("tedious/lib/prelogin-payload.js").default;

export type { FakeColumn } from "./fake-tds-tokens.js";
export type { RpcParam } from "./fake-tds-rpc.js";

/** What the script answers to one request. */
export type FakeReply =
  | { columns: FakeColumn[]; rows: unknown[][] }
  | { rowCount: number }
  | { error: { number: number; message: string; state?: number; severity?: number } };

/** A logged `sp_executesql` call: its SQL, the `@params` declaration and the bound parameters. */
export interface FakeRpc {
  sql: string;
  declaration: string | null;
  params: RpcParam[];
  transactionDescriptor: Buffer;
}

/** One logged request. */
export type FakeLogEntry =
  | { kind: "prelogin" | "login" | "attention"; connection: number }
  | { kind: "batch"; connection: number; sql: string }
  | { kind: "rpc"; connection: number; rpc: FakeRpc }
  | { kind: "tm"; connection: number; request: "begin" | "commit" | "rollback" | "save"; isolationLevel: number | null; transactionDescriptor: Buffer };

/** Scripted answers; both default to an empty DONE. */
export interface FakeTdsScript {
  rpc?(call: FakeRpc): FakeReply;
  batch?(sql: string): FakeReply;
}

/** A running fake server. */
export interface FakeTdsServer {
  readonly port: number;
  readonly log: FakeLogEntry[];
  /** Connections accepted so far. */
  connections(): number;
  /** Connections currently open. */
  openConnections(): number;
  /** The RPC calls logged so far. */
  rpcs(): FakeRpc[];
  /** Destroys every open socket (a server crash as tedious sees it). */
  dropConnections(): void;
  stop(): Promise<void>;
}

const TABULAR_RESULT = 0x04;

function replyTokens(reply: FakeReply): Buffer {
  if ("error" in reply) {
    const { number, message, state, severity } = reply.error;
    return Buffer.concat([errorToken(number, message, state, severity), done(DONE_ERROR)]);
  }
  if ("columns" in reply) {
    return Buffer.concat([colMetadata(reply.columns), ...reply.rows.map((r) => row(reply.columns, r)), done(DONE_COUNT, reply.rows.length, 0xc1)]);
  }
  return done(DONE_COUNT, reply.rowCount);
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startFakeTds(script: FakeTdsScript = {}): Promise<FakeTdsServer> {
  const log: FakeLogEntry[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  let nextTx = 1;

  const serve = async (socket: Socket, connection: number) => {
    const debug = new Debug();
    const incoming = new IncomingMessageStream(debug);
    const outgoing = new OutgoingMessageStream(debug, { packetSize: 4096 });
    socket.pipe(incoming);
    outgoing.pipe(socket);
    const send = (data: Buffer) => {
      const m = new Message({ type: TABULAR_RESULT });
      outgoing.write(m);
      m.end(data);
    };
    for await (const message of incoming as AsyncIterable<InstanceType<typeof Message>>) {
      const chunks: Buffer[] = [];
      for await (const c of message as AsyncIterable<Buffer>) chunks.push(c);
      const payload = Buffer.concat(chunks);
      switch (message.type) {
        case 0x12: // PRELOGIN
          log.push({ kind: "prelogin", connection });
          send(new PreloginPayload({ encrypt: false, version: { major: 16, minor: 0, build: 1000, subbuild: 0 } }).data);
          break;
        case 0x10: // LOGIN7
          log.push({ kind: "login", connection });
          send(Buffer.concat([loginAck(), done(0)]));
          break;
        case 0x01: { // SQL batch
          const { sql } = decodeSqlBatch(payload);
          log.push({ kind: "batch", connection, sql });
          send(replyTokens(script.batch?.(sql) ?? { rowCount: 0 }));
          break;
        }
        case 0x03: { // RPC
          const rpc = decodeRpc(payload);
          const [stmt, decl, ...params] = rpc.params;
          const call: FakeRpc = {
            sql: String(stmt?.value ?? ""),
            declaration: typeof decl?.value === "string" ? decl.value : null,
            params,
            transactionDescriptor: rpc.transactionDescriptor,
          };
          log.push({ kind: "rpc", connection, rpc: call });
          send(replyTokens(script.rpc?.(call) ?? { rowCount: 0 }));
          break;
        }
        case 0x0e: { // transaction manager
          const tm = decodeTransactionManager(payload);
          log.push({ kind: "tm", connection, ...tm });
          if (tm.request === "begin") {
            const descriptor = Buffer.alloc(8);
            descriptor.writeBigUInt64LE(BigInt(nextTx++));
            send(Buffer.concat([txEnvChange(ENV_BEGIN_TXN, descriptor), done(0)]));
          } else if (tm.request === "save") {
            send(done(0));
          } else {
            send(Buffer.concat([txEnvChange(tm.request === "commit" ? ENV_COMMIT_TXN : ENV_ROLLBACK_TXN, tm.transactionDescriptor), done(0)]));
          }
          break;
        }
        case 0x06: // attention
          log.push({ kind: "attention", connection });
          send(done(0x20));
          break;
        default:
          socket.destroy();
      }
    }
  };

  const server = createServer((socket) => {
    const connection = ++accepted;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, connection).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    log,
    connections: () => accepted,
    openConnections: () => sockets.size,
    rpcs: () => log.flatMap((e) => (e.kind === "rpc" ? [e.rpc] : [])),
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    stop() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
