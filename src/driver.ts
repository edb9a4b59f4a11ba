/**
 * The driver contract (re-exported from `engine/driver.ts`): the public `alkahest/driver` entry for
 * adapter authors, and the way the rest of the engine refers to the contract (the layer checker
 * lets every layer use root modules; see docs/DECISIONS.md).
 * @module
 */
export type * from "./engine/driver.js";
