/**
 * The default-pool rules shared by the Node entry (`default-pool.ts`, QueuePool for long-lived
 * servers) and the Workers entry (`default-pool-workers.ts`, no QueuePool in its bundle): every
 * case but the long-lived server, which each entry decides itself.
 * @module
 */
import type { DriverTransport } from "../engine/driver.js";
import { NullPool } from "./null-pool.js";
import type { QueuePool } from "./queue-pool.js";
import { StaticPool } from "./static-pool.js";

/** The runtimes the choice depends on (the same names as `detectRuntime()` in `src/engine/runtime.ts`). */
export type PoolRuntime = "workers" | "lambda" | "node";

export interface DefaultPoolInput {
  readonly transport: DriverTransport;
  readonly runtime: PoolRuntime;
  /** SQLite `:memory:` (`DriverCapabilities.memory`). */
  readonly memory: boolean;
}

export interface DefaultPoolChoice {
  readonly poolClass: typeof NullPool | typeof StaticPool | typeof QueuePool;
  /** Whether the engine should turn on `poolPrePing` unless told otherwise. */
  readonly prePing: boolean;
  /** One line saying why, for `echoPool`. */
  readonly reason: string;
  /** Bound on connections open at once, for a NullPool (Workers: 6 per request). */
  readonly maxConnections?: number;
}

/**
 * Cloudflare Workers let one request hold at most 6 simultaneous outgoing connections; the platform
 * queues further ones, so a pool that holds 6 sockets and waits for a 7th never wakes up. Socket
 * drivers there get a NullPool bounded at 6 that queues in the engine instead (scenario E03).
 * HTTP drivers need no bound: their "connection" holds nothing between statements, and the
 * platform queues the `fetch` calls beyond 6 of one request.
 */
export const WORKERS_MAX_CONNECTIONS = 6;

/** The choice for every input but a socket driver on a long-lived server (`null` then). */
export function sharedPoolChoice({ transport, runtime, memory }: DefaultPoolInput): DefaultPoolChoice | null {
  if (transport === "http" || transport === "binding") {
    return { poolClass: NullPool, prePing: false, reason: `${transport} driver: each connection is only a request context` };
  }
  if (memory) {
    return { poolClass: StaticPool, prePing: false, reason: "in-memory database: it lives in one connection" };
  }
  if (runtime === "workers") {
    return {
      poolClass: NullPool,
      prePing: false,
      reason: `Cloudflare Workers: no I/O object may outlive its request; at most ${WORKERS_MAX_CONNECTIONS} open at once (queued beyond)`,
      maxConnections: WORKERS_MAX_CONNECTIONS,
    };
  }
  if (runtime === "lambda") {
    return {
      poolClass: StaticPool,
      prePing: true,
      reason: "AWS Lambda: one invocation at a time; reuse one connection across warm starts, pinged after a thaw",
    };
  }
  return null;
}
