#!/usr/bin/env node
// Examples (examples/, examples-workers/) may import only alkahest's public entry points
// (`alkahest`, `alkahest/<subpath>` from package.json "exports"), node: built-ins, other packages,
// and files of their own folder. Exit 1 on a violation.
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const subpaths = Object.keys(pkg.exports).map((k) => k.replace(/^\./, "alkahest"));
const isPublic = (spec) => subpaths.some((p) => (p.endsWith("/*") ? spec.startsWith(p.slice(0, -1)) && !spec.slice(p.length - 1).includes("/") : spec === p));
const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) yield p;
  }
}

const problems = [];
for (const top of ["examples", "examples-workers"]) {
  for (const f of files(join(root, top))) {
    // an example's own folder (examples/quickstart.ts: examples/ itself)
    const own = dirname(f) === join(root, top) ? dirname(f) : join(root, top, relative(join(root, top), f).split(/[\\/]/)[0]);
    for (const m of readFileSync(f, "utf8").matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".")) {
        if (!resolve(dirname(f), spec).startsWith(own)) problems.push(`${relative(root, f)}: imports ${spec}, outside its example`);
      } else if (spec.startsWith("alkahest") && (spec === "alkahest" || spec.startsWith("alkahest/")) && !isPublic(spec)) {
        problems.push(`${relative(root, f)}: imports ${spec}, not a public entry point of package.json "exports"`);
      }
    }
  }
}
if (problems.length) {
  console.log(`examples: ${problems.length} import(s) of non-public code`);
  for (const p of problems) console.log("  " + p);
  process.exit(1);
}
console.log("examples: only public entry points");
