/**
 * The module-level `op` of `import { op } from "alkahest/migrate"`: it forwards to the operations
 * of the migration running now (set by the runner), like Alembic's `op` proxy. The current
 * operations live under a `globalThis` symbol so that a script that resolves another copy of
 * the package still reaches them. Scripts may equally use the `op` parameter of `upgrade(op)`.
 * @module
 */
import { InvalidRequestError } from "../../errors.js";
import type { Operations } from "./operations.js";

const KEY = Symbol.for("alkahest.migrate.currentOperations");
type Holder = { [KEY]?: Operations | null };

/** @internal sets (or clears) the operations `op` forwards to. */
export function setCurrentOperations(ops: Operations | null): void {
  (globalThis as Holder)[KEY] = ops;
}

function current(): Operations {
  const ops = (globalThis as Holder)[KEY];
  if (!ops) throw new InvalidRequestError("op.* can only be called while a migration runs (inside upgrade() / downgrade())");
  return ops;
}

/** The operations of the running migration (see {@link Operations}). */
export const op: Operations = new Proxy({} as Operations, {
  get(_t, prop) {
    const ops = current();
    const v = (ops as unknown as Record<PropertyKey, unknown>)[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(ops) : v;
  },
});
