/**
 * Which pool an engine gets when none is named: a pure function of the transport, the runtime
 * and whether the database lives in memory (ARCHITECTURE.md, "Pools per runtime").
 * @module
 */
import { QueuePool } from "./queue-pool.js";
import { sharedPoolChoice, type DefaultPoolChoice, type DefaultPoolInput } from "./pool-choice.js";

export { WORKERS_MAX_CONNECTIONS, type DefaultPoolChoice, type DefaultPoolInput, type PoolRuntime } from "./pool-choice.js";

/**
 * | runtime / transport | pool | why |
 * |---|---|---|
 * | `http` or `binding`, anywhere | NullPool | nothing to keep: a "connection" is a request context |
 * | SQLite `:memory:` | StaticPool | the database lives in that one connection |
 * | Cloudflare Workers, socket driver | NullPool | an I/O object may not outlive its request |
 * | AWS Lambda | StaticPool + pre-ping | one invocation at a time; the connection survives warm starts, and a frozen-then-thawed socket is detected before use |
 * | Node server | QueuePool(5, 10, 30 s) | many concurrent requests share a bounded set |
 */
export function defaultPoolClassFor(input: DefaultPoolInput): DefaultPoolChoice {
  return sharedPoolChoice(input) ?? { poolClass: QueuePool, prePing: false, reason: "long-lived server: a bounded shared pool" };
}
