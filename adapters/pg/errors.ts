/**
 * Classifies node-postgres errors: server errors carry a SQLSTATE in `code`; socket failures
 * carry a Node system error code; pg's own connection-state errors carry only a message. The
 * classification is shared with the other node-postgres-protocol adapters (src/engine/errors.ts).
 * @module
 */
import type { DriverErrorInfo } from "../../src/engine/driver.js";
import { nodePostgresErrorInfo } from "../../src/engine/errors.js";

/** Builds the {@link DriverErrorInfo} of any error a pg connection raised. Never throws. */
export function pgErrorInfo(err: unknown): DriverErrorInfo {
  return nodePostgresErrorInfo(err);
}
