/**
 * `alkahest.config.ts`: the CLI's configuration, a module whose default export is
 * `{ url?, engine?, metadata?, includeTable?, scriptLocation?, versionTable?, dialect? }` (or a function returning
 * it). The URL usually comes from the environment; without one, `DATABASE_URL` is used. Node only.
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ArgumentError } from "../../errors.js";
import { createEngine, type Engine } from "../../engine/index.js";
// the Node entry: every built-in dialect registered, for createEngine(url) (docs/DECISIONS.md "Dialect registration")
import "../../index.js";
import type { MetaData } from "../../sql/schema/metadata.js";
import type { AutogenerateObject } from "../autogenerate/compare.js";

/** What `alkahest.config.ts` exports (default export). */
export interface AlkahestConfig {
  /** Database URL (`postgresql+pg://...`); default `process.env.DATABASE_URL`. */
  url?: string;
  /** An engine instead of a URL. */
  engine?: Engine;
  /** The models' MetaData (`Base.metadata`), for `revision --autogenerate`; may be a (lazy) function. */
  metadata?: MetaData | (() => MetaData | Promise<MetaData>);
  /**
   * `revision --autogenerate` compares only the tables (of the database and of the metadata) for
   * which this returns true, like Alembic's `include_name`: tables another application owns, or
   * ones the models leave out, are neither created nor dropped. Default: every table but the
   * version table.
   */
  includeTable?: (name: string) => boolean;
  /**
   * `revision --autogenerate` leaves out the differences about objects for which this returns
   * false, like Alembic's `include_object`: `({ type, name, table, reflected }) => boolean` with
   * `type` one of "table", "column", "index", "uniqueConstraint", "foreignKey" (`reflected`: the
   * object is only in the database).
   */
  includeObject?: (object: AutogenerateObject) => boolean;
  /** The migrations directory (holding `versions/`), relative to the config file. Default `migrations`. */
  scriptLocation?: string;
  versionTable?: string;
  /** Dialect for `--sql` without a URL. */
  dialect?: string;
}

/** The loaded configuration with resolved paths. */
export interface ResolvedConfig extends AlkahestConfig {
  /** Absolute path of the config file (or null when none was found). */
  file: string | null;
  /** Absolute path of the script location. */
  scriptDir: string;
  /** Absolute path of `<scriptLocation>/versions`. */
  versionsDir: string;
}

export const CONFIG_FILES = ["alkahest.config.ts", "alkahest.config.mts", "alkahest.config.js", "alkahest.config.mjs"];

/** Finds and imports the config (from `path`, or the first of {@link CONFIG_FILES} in `cwd`). */
export async function loadConfig(path?: string, cwd = process.cwd()): Promise<ResolvedConfig> {
  const file = path ? resolve(cwd, path) : (CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f)) ?? null);
  if (path && !existsSync(file!)) throw new ArgumentError(`config file ${file} not found`);
  let config: AlkahestConfig = {};
  if (file) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: AlkahestConfig | (() => AlkahestConfig | Promise<AlkahestConfig>) };
    const d = mod.default ?? (mod as AlkahestConfig);
    config = typeof d === "function" ? await d() : d;
  }
  const base = file ? dirname(file) : cwd;
  const scriptDir = resolve(base, config.scriptLocation ?? "migrations");
  return { ...config, file, scriptDir, versionsDir: resolve(scriptDir, "versions") };
}

/** The engine of a config: `engine`, else `url`, else `DATABASE_URL`. */
export function engineFromConfig(config: AlkahestConfig): Engine | null {
  if (config.engine) return config.engine;
  const url = config.url ?? process.env.DATABASE_URL;
  return url ? createEngine(url) : null;
}

/** The MetaData of a config, resolving a lazy function. */
export async function metadataFromConfig(config: AlkahestConfig): Promise<MetaData | null> {
  const m = config.metadata;
  if (!m) return null;
  return typeof m === "function" ? await m() : m;
}
