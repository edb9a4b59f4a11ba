/**
 * The one place in `src/` that looks at the host runtime. Everything else asks this module, so
 * that the core runs unchanged on Node, in workerd (Cloudflare Workers) and on AWS Lambda.
 *
 * Nothing here assumes `process` exists: in workerd it is absent unless `nodejs_compat` is on.
 * @module
 */

/** Where the code runs, as far as pooling is concerned. */
export type Runtime = "workers" | "lambda" | "node";

interface RuntimeGlobals {
  navigator?: { userAgent?: unknown };
  process?: { env?: Record<string, string | undefined> };
}

/**
 * Detects the runtime: Cloudflare Workers by `navigator.userAgent === "Cloudflare-Workers"`, AWS
 * Lambda by the `AWS_LAMBDA_FUNCTION_NAME` environment variable; anything else counts as a
 * long-lived `"node"` server (Node, Deno, Bun).
 */
export function detectRuntime(globals: RuntimeGlobals = globalThis as RuntimeGlobals): Runtime {
  if (globals.navigator?.userAgent === "Cloudflare-Workers") return "workers";
  if (envVar("AWS_LAMBDA_FUNCTION_NAME", globals)) return "lambda";
  return "node";
}

/**
 * Reads an environment variable where the runtime has `process.env`; `undefined` elsewhere (and
 * for empty values).
 */
export function envVar(name: string, globals: RuntimeGlobals = globalThis as RuntimeGlobals): string | undefined {
  let value: string | undefined;
  try {
    value = globals.process?.env?.[name];
  } catch {
    // Some sandboxes expose `process.env` as a throwing proxy; treat that as "not set".
    return undefined;
  }
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The part of `AsyncLocalStorage` alkahest uses (Node's `node:async_hooks`, workerd's `nodejs_als`). */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}
/** The `AsyncLocalStorage` class. */
export type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

let alsClass: AsyncLocalStorageClass | null | undefined;

/**
 * The runtime's `AsyncLocalStorage` class, or null where there is none: a global
 * `AsyncLocalStorage` when the host provides one, else `node:async_hooks` (Node; workerd with the
 * `nodejs_als` or `nodejs_compat` flag), imported lazily so that bundles for other runtimes do not
 * require it. The one place in `src/` that reaches for `node:async_hooks`.
 */
export async function asyncLocalStorage(): Promise<AsyncLocalStorageClass | null> {
  if (alsClass !== undefined) return alsClass;
  const g = (globalThis as { AsyncLocalStorage?: AsyncLocalStorageClass }).AsyncLocalStorage;
  if (typeof g === "function") return (alsClass = g);
  const specifier = "node:async_hooks";
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as { AsyncLocalStorage?: AsyncLocalStorageClass };
    alsClass = mod.AsyncLocalStorage ?? null;
  } catch {
    alsClass = null;
  }
  return alsClass;
}
