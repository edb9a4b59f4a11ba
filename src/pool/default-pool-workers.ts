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
import { sharedPoolChoice, type DefaultPoolChoice, type DefaultPoolInput } from "./pool-choice.js";

export function workersDefaultPoolFor(input: DefaultPoolInput): DefaultPoolChoice {
  return (
    sharedPoolChoice(input) ?? {
      poolClass: NullPool,
      prePing: false,
      reason: "the Workers entry of alkahest (workerd/worker export condition) has no QueuePool default; pass poolClass: QueuePool for one",
    }
  );
}
