/**
 * The Workers entry (`src/index-core.ts`, the `workerd` / `worker` export conditions of `alkahest`)
 * exports a `createEngine` whose default-pool rules never pick a QueuePool
 * (`src/pool/default-pool-workers.ts`), so that QueuePool is not in a Worker bundle; the Node entry
 * (`src/index.ts`) keeps the rules of every runtime (docs/DECISIONS.md "Workers default pool").
 */
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Driver, DriverTransport } from "../../../src/engine/driver.js";
import { defaultPoolClassFor, type PoolRuntime } from "../../../src/pool/default-pool.js";
import { workersDefaultPoolFor } from "../../../src/pool/default-pool-workers.js";
import { NullPool, QueuePool, StaticPool } from "../../../src/pool/index.js";
import { createEngine as workersCreateEngine } from "../../../src/index-core.js";
import { createEngine as nodeCreateEngine } from "../../../src/index.js";
import { createEngine as engineModuleCreateEngine } from "../../../src/engine/create-engine.js";
import { workerBuildOptions } from "../../workers/support/bundle.js";

function fakeDriver(transport: DriverTransport, memory = false): Driver {
  return {
    name: "fake",
    capabilities: {
      dialect: "sqlite", transport, interactiveTransactions: true, atomicBatch: false, returning: true, savepoints: true, cursors: false,
      ...(memory ? { memory: true } : {}),
    },
    connect: () => Promise.reject(new Error("no connections in this test")),
    errorInfo: (e) => ({ message: String(e), isDisconnect: false }),
  };
}

const TRANSPORTS: DriverTransport[] = ["tcp", "websocket", "embedded", "http", "binding"];
const RUNTIMES: PoolRuntime[] = ["workers", "lambda", "node"];

describe("the Workers entry's createEngine", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("has the Node rules wherever they pick no QueuePool", () => {
    for (const transport of TRANSPORTS) {
      for (const runtime of RUNTIMES) {
        for (const memory of [false, true]) {
          const node = defaultPoolClassFor({ transport, runtime, memory });
          if (node.poolClass === QueuePool) continue;
          expect(workersDefaultPoolFor({ transport, runtime, memory }), `${transport} ${runtime} ${memory}`).toEqual(node);
        }
      }
    }
  });

  it("gives a socket driver outside Workers a NullPool, and says so with echo", () => {
    const lines: string[] = [];
    const e = workersCreateEngine({ driver: fakeDriver("tcp"), echo: true, logger: (m) => void lines.push(m) });
    expect(e.pool).toBeInstanceOf(NullPool);
    expect(lines.some((l) => /pool: NullPool .*has no QueuePool default; pass poolClass: QueuePool/.test(l))).toBe(true);
    expect(workersCreateEngine({ driver: fakeDriver("tcp"), poolClass: QueuePool }).pool).toBeInstanceOf(QueuePool);
  });

  it("chooses as the Node entry does inside Workers, and refuses a QueuePool (or subclass) above 6 connections (E03)", () => {
    vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
    for (const t of ["tcp", "websocket"] as const) {
      expect((workersCreateEngine({ driver: fakeDriver(t) }).pool as NullPool).maxConnections()).toBe(6);
    }
    expect(workersCreateEngine({ driver: fakeDriver("http") }).pool).toBeInstanceOf(NullPool);
    expect(workersCreateEngine({ driver: fakeDriver("embedded", true) }).pool).toBeInstanceOf(StaticPool);
    class MyQueuePool extends QueuePool {}
    for (const poolClass of [QueuePool, MyQueuePool]) {
      expect(() => workersCreateEngine({ driver: fakeDriver("tcp"), poolClass })).toThrow(/may open 15 connections, but a Cloudflare Worker may hold at most 6/);
      expect(() => nodeCreateEngine({ driver: fakeDriver("tcp"), poolClass })).toThrow(/may open 15 connections/);
    }
    expect(workersCreateEngine({ driver: fakeDriver("tcp"), poolClass: NullPool, poolSize: 2 }).pool).toBeInstanceOf(NullPool);
  });

  it("is not the Node entry's, which keeps QueuePool for a Node server", () => {
    expect(nodeCreateEngine).toBe(engineModuleCreateEngine);
    expect(workersCreateEngine).not.toBe(nodeCreateEngine);
    expect(nodeCreateEngine({ driver: fakeDriver("tcp") }).pool).toBeInstanceOf(QueuePool);
  });
});

const root = fileURLToPath(new URL("../../../", import.meta.url));
const examples = readdirSync(join(root, "examples-workers"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "examples-workers", d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

describe("Worker bundles", () => {
  for (const example of examples) {
    it(`${example}: holds no QueuePool (the Workers entry's createEngine is bundled)`, async () => {
      const source = readFileSync(join(root, "examples-workers", example, "index.ts"), "utf8");
      const format = source.includes('"alkahest/adapters/pg"') ? "cjs" : "esm";
      const r = await build({ ...workerBuildOptions(`examples-workers/${example}/index.ts`, format), metafile: true });
      const bytes = (file: string) => Object.values(r.metafile!.outputs).reduce((n, o) => n + (o.inputs[file]?.bytesInOutput ?? 0), 0);
      expect(bytes("src/engine/create-engine-workers.ts")).toBeGreaterThan(0);
      expect(bytes("src/pool/queue-pool.ts")).toBe(0);
    }, 60_000);
  }
});
