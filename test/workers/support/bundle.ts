/**
 * Bundles a Worker example with esbuild the way a Workers build does (export conditions
 * `workerd, worker`, plus `alkahest-source` so that the package's self-references resolve to the
 * TypeScript sources), and returns miniflare `modules` for it (driver-protocols.md §6).
 *
 * - `esm`: one ES module (neon, planetscale, libsql `/web`, D1).
 * - `cjs`: node-postgres is CommonJS and `require`s `node:*` modules, which an ESM bundle cannot do
 *   in workerd; it is bundled as CommonJS behind a two-line ES module entry.
 */
import { build, type Metafile } from "esbuild";
import { fileURLToPath } from "node:url";

export type BundleFormat = "esm" | "cjs";

export interface ModuleDef {
  type: "ESModule" | "CommonJS";
  path: string;
  contents: string;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
/**
 * Export conditions. esbuild adds `import`/`require` per import kind by itself; forcing `import`
 * also on `require()` calls breaks CommonJS packages (`pg` requires `pg-pool` and would get its ES
 * module namespace: "Class extends value #<Object> is not a constructor"), so the CommonJS bundle
 * leaves it out.
 */
export function conditions(format: BundleFormat): string[] {
  return format === "esm" ? ["workerd", "worker", "alkahest-source", "import"] : ["workerd", "worker", "alkahest-source"];
}

/** esbuild options shared by the Workers tests and `bench/bundle.ts`. */
export function workerBuildOptions(entry: string, format: BundleFormat) {
  return {
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    format,
    platform: format === "cjs" ? ("node" as const) : ("neutral" as const),
    mainFields: ["module", "main"],
    conditions: conditions(format),
    external: ["cloudflare:*", "node:*"],
    target: "es2022",
    logLevel: "silent" as const,
  };
}

/** Bundles `examples-workers/<name>/index.ts` and returns the miniflare modules (entry first). */
export async function bundleWorker(name: string, format: BundleFormat = "esm"): Promise<ModuleDef[]> {
  const result = await build(workerBuildOptions(`examples-workers/${name}/index.ts`, format));
  const code = result.outputFiles![0]!.text;
  if (format === "esm") return [{ type: "ESModule", path: "worker.mjs", contents: code }];
  return [
    { type: "ESModule", path: "worker.mjs", contents: 'import m from "./bundle.cjs";\nexport default m.default ?? m;\n' },
    { type: "CommonJS", path: "bundle.cjs", contents: code },
  ];
}

/** The dialect each adapter brings (its `dialectClass`). */
export const ADAPTER_DIALECT: Readonly<Record<string, string>> = {
  pg: "postgresql",
  "neon-http": "postgresql",
  "neon-ws": "postgresql",
  mysql2: "mysql",
  planetscale: "mysql",
  libsql: "sqlite",
  d1: "sqlite",
  tedious: "mssql",
};

/** Source folders (`src/dialects/<name>/`, `adapters/<name>/`) with code in a bundle: the output's inputs that have bytes in it. */
function foldersInBundle(meta: Metafile, re: RegExp): string[] {
  const found = new Set<string>();
  for (const o of Object.values(meta.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(o.inputs)) {
      const m = re.exec(path);
      if (m && bytesInOutput > 0) found.add(m[1]!);
    }
  }
  return [...found].sort();
}

/**
 * The dialect folders other than `base` with code in the bundle. (`metafile.inputs` also lists
 * modules esbuild parsed and then dropped whole, such as the dialect classes that the Core entry
 * re-exports and a Worker never uses; what matters is what the output holds.)
 */
export function dialectsInBundle(meta: Metafile): string[] {
  return foldersInBundle(meta, /^src\/dialects\/(\w+)\//).filter((d) => d !== "base");
}

/** The adapter folders with code in the bundle. */
export function adaptersInBundle(meta: Metafile): string[] {
  return foldersInBundle(meta, /^adapters\/([\w-]+)\//);
}
