#!/usr/bin/env node
// The `alkahest` CLI. In a source checkout (src/ present and tsx installed) it runs the TypeScript
// CLI through tsx with the `alkahest-source` condition; in the published package it runs dist/.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "migrate", "node", "cli.ts");
const built = join(root, "dist", "src", "migrate", "node", "cli.js");

let tsx = null;
try {
  tsx = import.meta.resolve("tsx");
} catch {
  tsx = null;
}

if (existsSync(source) && tsx) {
  // tsx registers a loader for the migration scripts and alkahest.config.ts (TypeScript) too
  const r = spawnSync(process.execPath, ["--import", tsx, "--conditions=alkahest-source", source, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
} else if (existsSync(built)) {
  const { run } = await import(pathToFileURL(built).href);
  let loader = null;
  try {
    loader = import.meta.resolve("tsx/esm/api");
  } catch {
    loader = null;
  }
  if (loader) (await import(loader)).register(); // TypeScript migration scripts when tsx is installed
  process.exitCode = await run(process.argv.slice(2));
} else {
  console.error("alkahest: neither the built CLI (dist/) nor the sources with tsx were found; run `npm run build`");
  process.exit(1);
}
