/**
 * The default-pool rules of the Workers entry (`src/index-core.ts`, selected by the `workerd` /
 * `worker` export conditions): those of `defaultPoolClassFor` (`default-pool.ts`) for every input a
 * Worker can produce, without QueuePool, so that QueuePool is not in a Worker bundle unless the app
 * imports it (docs/DECISIONS.md "Workers default pool"). Only a socket driver in a runtime other
 * than Workers, under those conditions, is treated differently: it gets a NullPool where the Node
 * entry would give a QueuePool (name `poolClass: QueuePool` to have one).
 * @module
 */
import { NullPool } from "./null-pool.js";
import { StaticPool } from "./static-pool.js";
import { WORKERS_MAX_CONNECTIONS, type DefaultPoolChoice, type DefaultPoolInput } from "./default-pool.js";

export function workersDefaultPoolFor({ transport, runtime, memory }: DefaultPoolInput): DefaultPoolChoice {
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
  return {
    poolClass: NullPool,
    prePing: false,
    reason: "the Workers entry of alkahest (workerd/worker export condition) has no QueuePool default; pass poolClass: QueuePool for one",
  };
}
