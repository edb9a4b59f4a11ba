/**
 * Bundle size of each Worker example (esbuild, minified, gzip) over its driver package alone, beside
 * the same handler written with drizzle-orm and with kysely (`bench/bundle-peers/`), and which
 * dialect compilers end up in each alkahest bundle (from esbuild's metafile).
 *
 *   npx tsx bench/bundle.ts            (exit code 1 when a bundle holds another dialect's compiler)
 *
 * Every folder of `examples-workers/` with an `index.ts` is measured when its driver is known
 * (`DRIVERS` below, matched by folder name or prefix); others are skipped with a message.
 */
import { build, type Metafile } from "esbuild";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { dialectsInBundle, workerBuildOptions, type BundleFormat } from "../test/workers/support/bundle.js";

interface DriverEntry {
  format: BundleFormat;
  /** The only dialect whose compiler may be in the bundle. */
  dialect: "postgresql" | "mysql" | "sqlite" | "mssql";
  /** The driver alone: what an app using only the driver would ship. */
  driver: string;
}

/** Known examples (exact folder name first, else the longest matching prefix). */
const DRIVERS: Record<string, DriverEntry> = {
  "d1": { format: "esm", dialect: "sqlite", driver: "export default {};" },
  "neon-http": { format: "esm", dialect: "postgresql", driver: 'export { neon } from "@neondatabase/serverless";' },
  "neon-ws": { format: "esm", dialect: "postgresql", driver: 'export { Pool } from "@neondatabase/serverless";' },
  "planetscale": { format: "esm", dialect: "mysql", driver: 'export { connect, Client } from "@planetscale/database";' },
  "pg": { format: "cjs", dialect: "postgresql", driver: 'export { default } from "pg";' },
  "libsql": { format: "esm", dialect: "sqlite", driver: 'export { createClient } from "@libsql/client";' },
};
const PEERS = ["drizzle", "kysely"] as const;

function driverFor(example: string): DriverEntry | undefined {
  const key = Object.keys(DRIVERS).filter((k) => example === k || example.startsWith(`${k}-`)).sort((a, b) => b.length - a.length)[0];
  return key ? DRIVERS[key] : undefined;
}

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
const root = fileURLToPath(new URL("../", import.meta.url));
const examples = readdirSync(join(root, "examples-workers"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "examples-workers", d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

const main: string[] = [];
const detail: string[] = [];
const checks: string[] = [];
let failed = false;
for (const example of examples) {
  const drv = driverFor(example);
  if (!drv) {
    console.log(`skipped examples-workers/${example}: its driver is unknown (add it to DRIVERS in bench/bundle.ts)`);
    continue;
  }
  const full = await measure({ file: `examples-workers/${example}/index.ts` }, drv.format);
  const driver = await measure({ contents: drv.driver }, drv.format);
  const groups = breakdown(full.meta);
  const orm = (groups.orm ?? 0) > 0;
  const over = full.gz - driver.gz;
  const goal = orm ? 45 : 20;
  const peers: string[] = [];
  for (const peer of PEERS) {
    const file = `bench/bundle-peers/${example}.${peer}.ts`;
    if (!existsSync(join(root, file))) {
      peers.push(`n/a (no ${file})`);
      continue;
    }
    const p = await measure({ file }, drv.format);
    peers.push(`${kb(p.gz - driver.gz)}`);
  }
  main.push(`| ${example} | ${orm ? "Core + ORM" : "Core"} | **${kb(over)}** | ${peers.join(" | ")} | ${kb(driver.gz)} | ${kb(full.gz)} | ≤ ${goal}: ${over / 1024 <= goal ? "met" : "not met"} |`);
  const dialectKb = Object.entries(groups).filter(([k]) => k.startsWith("dialect:")).map(([k, v]) => `${k.slice(8)} ${kb(v)}`).join(", ");
  detail.push(`| ${example} | ${kb(full.raw)} | ${kb(groups.core ?? 0)} | ${kb(groups.orm ?? 0)} | ${kb(groups.adapter ?? 0)} | ${dialectKb} |`);
  const found = dialectsInBundle(full.meta);
  const ok = found.length === 1 && found[0] === drv.dialect;
  if (!ok) failed = true;
  checks.push(`${ok ? "ok  " : "FAIL"} ${example}: dialect compilers in the bundle: ${found.join(", ") || "none"} (expected only ${drv.dialect})`);
}

console.log("Over the driver alone, gz KB (esbuild --minify, gzip -9; workerd conditions):\n");
console.log("| example | alkahest layers | alkahest | drizzle-orm | kysely | driver alone | alkahest bundle | goal (KB gz over the driver) |");
console.log("|---|---|---|---|---|---|---|---|");
for (const l of main) console.log(l);
console.log("\nalkahest bundles, minified KB (before gzip):\n");
console.log("| example | bundle | core | orm | adapter | dialects (base + its own) |");
console.log("|---|---|---|---|---|---|");
for (const l of detail) console.log(l);
console.log("");
for (const l of checks) console.log(l);
if (failed) process.exitCode = 1;
