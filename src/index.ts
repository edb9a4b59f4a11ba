/**
 * alkahest: SQLAlchemy 2.0 for TypeScript. The Core entry point: schema, types, the expression
 * language, compilation per dialect, errors. This (Node) entry registers the four built-in dialects,
 * so `stmt.compile({ dialect: "mysql" })` and `createEngine(url)` know every name; Workers bundles
 * get `src/index-core.ts` instead (same exports, only the dialects their adapters bring; see
 * docs/DECISIONS.md "Dialect registration").
 * @module
 */
import "./index-postgresql.js";
import "./index-mysql.js";
import "./index-sqlite.js";
import "./index-mssql.js";

export * from "./index-core.js";
// the Node createEngine, with every runtime's default pools (QueuePool on a Node server), over the
// Workers one that index-core exports
export { createEngine } from "./engine/create-engine.js";
