/**
 * Migration scripts from a directory (`migrations/versions/*.ts|*.js|*.mjs`), loaded with dynamic
 * `import()`. TypeScript scripts load when the process runs under tsx (the `alkahest` CLI does);
 * without a TypeScript loader a `.ts` script fails with a message that says so. Node only.
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ArgumentError } from "../../errors.js";
import type { LoadedMigration, MigrationSource } from "../migration-source.js";
import type { MigrationModule } from "../revision.js";

const SCRIPT = /\.(ts|mts|js|mjs)$/;

export class FileMigrationSource implements MigrationSource {
  readonly dir: string;

  constructor(versionsDir: string) {
    this.dir = resolve(versionsDir);
  }

  /** Script file names, sorted (declaration files and dotfiles skipped). */
  files(): string[] {
    if (!existsSync(this.dir)) throw new ArgumentError(`migrations directory ${this.dir} does not exist (run \`alkahest init <dir>\`)`);
    return readdirSync(this.dir)
      .filter((f) => SCRIPT.test(f) && !f.endsWith(".d.ts") && !f.startsWith(".") && !f.startsWith("_"))
      .sort();
  }

  async load(): Promise<readonly LoadedMigration[]> {
    const out: LoadedMigration[] = [];
    for (const f of this.files()) {
      const path = join(this.dir, f);
      let module: MigrationModule;
      try {
        module = (await import(pathToFileURL(path).href)) as MigrationModule;
      } catch (e) {
        const hint = /\.m?ts$/.test(f) && /Unknown file extension/.test(String(e)) ? " (TypeScript scripts need a loader: run the alkahest CLI, or node --import tsx)" : "";
        throw new ArgumentError(`could not load migration ${path}: ${e instanceof Error ? e.message : String(e)}${hint}`, { cause: e });
      }
      out.push({ module, path });
    }
    return out;
  }
}
