/**
 * `echo`: SQL and parameters logged per statement (parameters replaced by a note with
 * `hideParameters`), and engine/pool decisions. The sink is `console.log` unless a `logger` is given.
 * @module
 */
import { formatParams } from "./error-mapping.js";

export type Logger = (message: string) => void;

export class EngineLog {
  declare readonly enabled: boolean;
  declare readonly hideParameters: boolean;
  declare private readonly sink: Logger;
  constructor(
    enabled: boolean,
    hideParameters: boolean,
    sink: Logger = (m) => console.log(m),
  ) {
    this.enabled = enabled;
    this.hideParameters = hideParameters;
    this.sink = sink;
  }

  info(message: string): void {
    if (this.enabled) this.sink(`[alkahest] ${message}`);
  }

  statement(sql: string, params: unknown): void {
    if (!this.enabled) return;
    this.sink(`[alkahest] ${sql}`);
    this.sink(`[alkahest] ${this.hideParameters ? "[parameters hidden]" : formatParams(params)}`);
  }
}
