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
