/**
 * Classifies errors of Neon's WebSocket `Client` (the node-postgres API over a WebSocket) as the pg
 * adapter does (src/engine/errors.ts); a closed WebSocket also surfaces as a "WebSocket" message.
 * @module
 */
import type { DriverErrorInfo } from "../../src/engine/driver.js";
import { nodePostgresErrorInfo } from "../../src/engine/errors.js";

/** Builds the {@link DriverErrorInfo} of any error a neon-ws connection raised. Never throws. */
export function neonWsErrorInfo(err: unknown): DriverErrorInfo {
  return nodePostgresErrorInfo(err, ["WebSocket"]);
}
