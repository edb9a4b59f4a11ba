#!/usr/bin/env node
// Runs the workspace's layer-rule checker (../shared/tools/check-layers.mjs) when it is present.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// examples import only public entry points (this checkout's own rule, beside the shared layer rules)
const examples = spawnSync(process.execPath, [join(root, "scripts", "check-examples.mjs")], { cwd: root, stdio: "inherit" });
if (examples.status !== 0) process.exit(examples.status ?? 1);
const tool = join(root, "..", "shared", "tools", "check-layers.mjs");
if (!existsSync(tool)) {
  console.log("layer rules: skipped (../shared/tools/check-layers.mjs not found beside this checkout)");
  process.exit(0);
}
const r = spawnSync(process.execPath, [tool], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
