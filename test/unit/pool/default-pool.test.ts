import { describe, expect, it } from "vitest";
import type { DriverTransport } from "../../../src/engine/driver.js";
import { defaultPoolClassFor, NullPool, QueuePool, StaticPool, type PoolRuntime } from "../../../src/pool/index.js";

const transports: DriverTransport[] = ["tcp", "websocket", "http", "binding", "embedded"];
const runtimes: PoolRuntime[] = ["workers", "lambda", "node"];

describe("default pool per runtime and transport (ARCHITECTURE.md, 'Pools per runtime')", () => {
  it.each(runtimes)("HTTP and binding drivers get NullPool on %s", (runtime) => {
    for (const transport of ["http", "binding"] as const) {
      for (const memory of [false, true]) {
        expect(defaultPoolClassFor({ transport, runtime, memory }).poolClass).toBe(NullPool);
      }
    }
  });

  it.each(["tcp", "websocket", "embedded"] as const)("%s inside Cloudflare Workers gets NullPool", (transport) => {
    expect(defaultPoolClassFor({ transport, runtime: "workers", memory: false })).toMatchObject({ poolClass: NullPool, prePing: false });
  });

  it.each(["tcp", "websocket", "embedded"] as const)("%s on AWS Lambda gets StaticPool with pre-ping", (transport) => {
    expect(defaultPoolClassFor({ transport, runtime: "lambda", memory: false })).toMatchObject({ poolClass: StaticPool, prePing: true });
  });

  it.each(["tcp", "websocket", "embedded"] as const)("%s on a Node server gets QueuePool", (transport) => {
    expect(defaultPoolClassFor({ transport, runtime: "node", memory: false })).toMatchObject({ poolClass: QueuePool, prePing: false });
  });

  it.each(runtimes)("SQLite :memory: gets StaticPool on %s", (runtime) => {
    expect(defaultPoolClassFor({ transport: "embedded", runtime, memory: true })).toMatchObject({ poolClass: StaticPool, prePing: false });
  });

  it("the whole table has a reason for every cell", () => {
    for (const transport of transports)
      for (const runtime of runtimes)
        for (const memory of [false, true]) expect(defaultPoolClassFor({ transport, runtime, memory }).reason).not.toBe("");
  });
});
