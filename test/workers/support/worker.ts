/** Runs a bundled Worker example in workerd through miniflare, with JSON helpers for the tests. */
import { Miniflare, type MiniflareOptions } from "miniflare";
import { bundleWorker, type BundleFormat } from "./bundle.js";

export interface RunningWorker {
  readonly mf: Miniflare;
  /** Sends a request; a body object is sent as JSON. Returns the status and the parsed JSON (null when empty). */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

/** Bindings and options beside the script: `bindings`, `d1Databases`, `hyperdrives`, ... */
export type WorkerOptions = Omit<MiniflareOptions, "modules" | "script" | "scriptPath">;

export async function startWorker(name: string, format: BundleFormat, options: WorkerOptions): Promise<RunningWorker> {
  const modules = await bundleWorker(name, format);
  const mf = new Miniflare({
    ...(options as object),
    modules,
    compatibilityDate: "2025-10-01",
    compatibilityFlags: ["nodejs_compat"],
    host: "127.0.0.1",
  } as MiniflareOptions);
  await mf.ready;
  return {
    mf,
    async request(method, path, body) {
      const res = await mf.dispatchFetch(`http://worker${path}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    stop: () => mf.dispose(),
  };
}
