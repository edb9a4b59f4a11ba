/**
 * `createEngine` of the Workers entry (`src/index-core.ts`): the same function as the Node entry's
 * (`create-engine.ts`), with the default-pool rules of `src/pool/default-pool-workers.ts`, which
 * never pick a QueuePool (docs/DECISIONS.md "Workers default pool").
 * @module
 */
import { workersDefaultPoolFor } from "../pool/default-pool-workers.js";
import { buildEngine, type EngineOptions } from "./create-engine.js";
import type { Engine } from "./engine.js";

export function createEngine(urlOrOptions: string | EngineOptions, maybeOptions: EngineOptions = {}): Engine {
  return buildEngine(urlOrOptions, maybeOptions, workersDefaultPoolFor);
}
