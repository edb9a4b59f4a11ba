/**
 * The structural subset of `@neondatabase/serverless`'s WebSocket `Client` (node-postgres API)
 * that the adapter uses.
 * @module
 */

/** Per-query type parsers (`QueryConfig.types`). */
export interface NeonWsTypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

/** A column description. */
export interface NeonWsField {
  name: string;
  dataTypeID: number;
}

/** What `client.query()` resolves to. */
export interface NeonWsQueryResult {
  command: string;
  rowCount: number | null;
  rows: unknown[][];
  fields: NeonWsField[];
}

/** A WebSocket constructor (`ws` in Node 20, the global `WebSocket` in workerd and Node ≥ 22). */
export type NeonWebSocketConstructor = new (url: string, ...rest: never[]) => unknown;

/** Per-client WebSocket settings (`client.neonConfig`). */
export interface NeonWsClientSettings {
  webSocketConstructor?: NeonWebSocketConstructor | undefined;
  wsProxy?: string | ((host: string, port: number | string) => string);
  useSecureWebSocket?: boolean;
  pipelineConnect?: "password" | false;
  pipelineTLS?: boolean;
  forceDisablePgSSL?: boolean;
}

/** One `Client`. */
export interface NeonWsClient {
  readonly neonConfig: NeonWsClientSettings;
  connect(): Promise<unknown>;
  query(config: { text: string; values?: unknown[]; rowMode: "array"; types: NeonWsTypeParsers }): Promise<NeonWsQueryResult | NeonWsQueryResult[]>;
  end(): Promise<unknown>;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  readonly processID?: number | null;
}

/** Options of the `Client` constructor (a subset of `ClientConfig`; others pass through). */
export interface NeonWsClientConfig {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: unknown;
  [option: string]: unknown;
}

/** A `Client`-compatible constructor. */
export type NeonWsClientConstructor = new (config: NeonWsClientConfig) => NeonWsClient;

/** neon's exported `types` (pg-types) registry; read, never written. */
export interface NeonWsTypesRegistry {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}
