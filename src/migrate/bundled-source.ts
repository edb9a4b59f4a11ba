/**
 * Migrations bundled with the application: an array of imported modules or an object of them
 * (`import * as m1 from "./versions/1a2b.js"` ... `new Migrator({ engine, migrations: [m1, m2] })`).
 * No file system is touched, so this works inside Cloudflare Workers and other edge runtimes.
 * @module
 */
import type { LoadedMigration, MigrationSource } from "./migration-source.js";
import type { MigrationModule } from "./revision.js";

export class BundledMigrationSource implements MigrationSource {
  private readonly modules: readonly LoadedMigration[];

  constructor(modules: readonly MigrationModule[] | Readonly<Record<string, MigrationModule>>) {
    this.modules = Array.isArray(modules)
      ? (modules as readonly MigrationModule[]).map((module) => ({ module }))
      : Object.entries(modules as Record<string, MigrationModule>).map(([path, module]) => ({ module, path }));
  }

  async load(): Promise<readonly LoadedMigration[]> {
    return this.modules;
  }
}
