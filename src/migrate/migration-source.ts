/**
 * Where migration modules come from. The runner depends only on this interface: bundled modules
 * (Workers, no file system: `./bundled-source.ts`) or files (`./node/file-source.ts`, Node only).
 * @module
 */
import type { MigrationModule } from "./revision.js";

/** A loaded migration with where it came from. */
export interface LoadedMigration {
  readonly module: MigrationModule;
  /** A file path or a name, for messages. */
  readonly path?: string;
}

/** Provides the migration modules of a project. */
export interface MigrationSource {
  load(): Promise<readonly LoadedMigration[]>;
}

/** Is `x` a MigrationSource (has `load()`)? */
export function isMigrationSource(x: unknown): x is MigrationSource {
  return typeof x === "object" && x !== null && typeof (x as MigrationSource).load === "function";
}
