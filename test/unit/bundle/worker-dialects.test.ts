/**
 * Every Worker example, bundled as a Workers build bundles it (test/workers/support/bundle.ts),
 * holds the compiler of its adapter's dialect and no other dialect's (issue 6: "Another dialect's
 * compiler is never in the bundle"). A functional property of the bundle's contents, read from
 * esbuild's metafile; sizes are reported by `bench/bundle.ts`, never asserted here.
 */
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ADAPTER_DIALECT, adaptersInBundle, dialectsInBundle, workerBuildOptions } from "../../workers/support/bundle.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const examples = readdirSync(join(root, "examples-workers"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "examples-workers", d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

describe("Worker bundles hold one dialect", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  for (const example of examples) {
    it(`${example}: only its adapter's dialect compiler is in the bundle`, async () => {
      // node-postgres is bundled as CommonJS for workerd (support/bundle.ts); the module graph is the same
      const source = readFileSync(join(root, "examples-workers", example, "index.ts"), "utf8");
      const format = source.includes('"alkahest/adapters/pg"') ? "cjs" : "esm";
      const r = await build({ ...workerBuildOptions(`examples-workers/${example}/index.ts`, format), metafile: true });
      const adapters = adaptersInBundle(r.metafile!);
      expect(adapters.length).toBe(1);
      const expected = ADAPTER_DIALECT[adapters[0]!];
      expect(expected, `no known dialect for adapter ${adapters[0]}`).toBeDefined();
      expect(dialectsInBundle(r.metafile!)).toEqual([expected]);
    }, 60_000);
  }
});
