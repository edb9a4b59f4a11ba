import { describe, expect, it } from "vitest";
import { detectRuntime, envVar } from "../../../src/engine/runtime.js";

describe("detectRuntime", () => {
  it("recognises Cloudflare Workers by navigator.userAgent, even without process", () => {
    expect(detectRuntime({ navigator: { userAgent: "Cloudflare-Workers" } })).toBe("workers");
  });

  it("recognises AWS Lambda by AWS_LAMBDA_FUNCTION_NAME", () => {
    expect(detectRuntime({ process: { env: { AWS_LAMBDA_FUNCTION_NAME: "api" } } })).toBe("lambda");
    expect(detectRuntime({ process: { env: { AWS_LAMBDA_FUNCTION_NAME: "" } } })).toBe("node");
  });

  it("Workers wins over a Lambda-looking environment (nodejs_compat populates process.env)", () => {
    expect(
      detectRuntime({ navigator: { userAgent: "Cloudflare-Workers" }, process: { env: { AWS_LAMBDA_FUNCTION_NAME: "x" } } }),
    ).toBe("workers");
  });

  it("anything else is a Node-like server; with no globals at all too", () => {
    expect(detectRuntime({ navigator: { userAgent: "Node.js/22" }, process: { env: {} } })).toBe("node");
    expect(detectRuntime({})).toBe("node");
  });

  it("this test process is Node", () => {
    expect(detectRuntime()).toBe(process.env.AWS_LAMBDA_FUNCTION_NAME ? "lambda" : "node");
  });

  it("envVar tolerates a missing or throwing process.env", () => {
    expect(envVar("HOME", {})).toBeUndefined();
    const throwing = {
      process: {
        env: new Proxy({} as Record<string, string | undefined>, {
          get() {
            throw new Error("no env here");
          },
        }),
      },
    };
    expect(envVar("X", throwing)).toBeUndefined();
    expect(envVar("X", { process: { env: { X: "1" } } })).toBe("1");
  });
});
