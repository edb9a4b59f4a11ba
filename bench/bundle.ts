/**
 * Bundle size of each Worker example (esbuild, minified, gzip) over its driver package alone, and
 * which dialect compilers end up in each bundle (from esbuild's metafile).
 *
 *   npx tsx bench/bundle.ts
 */
import { build, type Metafile } from "esbuild";
import { gzipSync } from "node:zlib";
import { workerBuildOptions, type BundleFormat } from "../test/workers/support/bundle.js";

interface Case {
  example: string;
  format: BundleFormat;
  /** The driver alone: what an app using only the driver would ship. */
  driver: string;
}

const CASES: Case[] = [
  { example: "d1-session", format: "esm", driver: "export default {};" },
  { example: "neon-http-crud", format: "esm", driver: 'export { neon } from "@neondatabase/serverless";' },
  { example: "planetscale-uow", format: "esm", driver: 'export { connect } from "@planetscale/database";' },
  { example: "pg-hyperdrive", format: "cjs", driver: 'export { default } from "pg";' },
];

async function measure(entry: { file: string } | { contents: string }, format: BundleFormat) {
  const base = workerBuildOptions("file" in entry ? entry.file : "<stdin>", format);
  const { entryPoints: _e, ...opts } = base;
  const r = await build({
    ...opts,
    ...("file" in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.contents, resolveDir: base.absWorkingDir, loader: "ts" as const } }),
    minify: true,
    metafile: true,
  });
  const code = r.outputFiles![0]!.contents;
  return { gz: gzipSync(code, { level: 9 }).length, raw: code.length, meta: r.metafile! };
}

/** Bytes in the output per source group: alkahest Core, ORM, each dialect, adapters, node_modules. */
function breakdown(meta: Metafile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of Object.values(meta.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(o.inputs)) {
      const m = /^src\/dialects\/(\w+)\//.exec(path);
      const group = m ? `dialect:${m[1]}` : path.startsWith("src/orm/") ? "orm" : path.startsWith("src/") ? "core" : path.startsWith("adapters/") ? "adapter" : path.startsWith("examples-workers/") ? "example" : "node_modules";
      out[group] = (out[group] ?? 0) + bytesInOutput;
    }
  }
  return out;
}

const kb = (n: number) => (n / 1024).toFixed(1);
console.log("| example | bundle gz KB | driver alone gz KB | over the driver gz KB | core / orm / adapter (minified KB) | dialects in the bundle (minified KB) |");
console.log("|---|---|---|---|---|---|");
for (const c of CASES) {
  const full = await measure({ file: `examples-workers/${c.example}/index.ts` }, c.format);
  const driver = await measure({ contents: c.driver }, c.format);
  const groups = breakdown(full.meta);
  const dialects = Object.entries(groups).filter(([k]) => k.startsWith("dialect:")).map(([k, v]) => `${k.slice(8)} ${kb(v)}`).join(", ");
  console.log(`| ${c.example} | ${kb(full.gz)} | ${kb(driver.gz)} | ${kb(full.gz - driver.gz)} | ${kb(groups.core ?? 0)} / ${kb(groups.orm ?? 0)} / ${kb(groups.adapter ?? 0)} | ${dialects} |`);
}
