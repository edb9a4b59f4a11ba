/**
 * Vitest setup file: registers the four built-in dialects, as importing `alkahest` (the Node entry,
 * `src/index.ts`) does for an application. Tests that import `createEngine` or `compile` from the
 * modules under `src/` directly, with fake drivers that name a dialect, keep working without each
 * importing a dialect's entry point (docs/DECISIONS.md "Dialect registration").
 * `test/unit/bundle/dialect-entries.test.ts` resets the module registry to test the Core entry alone.
 */
import "../../src/index-postgresql.js";
import "../../src/index-mysql.js";
import "../../src/index-sqlite.js";
import "../../src/index-mssql.js";
