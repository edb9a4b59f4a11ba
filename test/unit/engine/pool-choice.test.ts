/** createEngine's pool choice per runtime and transport (no database: pools connect lazily). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createEngine } from "../../../src/engine/create-engine.js";
import type { Driver, DriverTransport } from "../../../src/engine/driver.js";
import { NullPool, QueuePool, StaticPool } from "../../../src/pool/index.js";

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

describe("createEngine pool choice", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it("Node server: QueuePool for socket drivers and file databases; the choice is logged", () => {
    const lines: string[] = [];
    for (const t of ["tcp", "websocket", "embedded"] as const) {
      const e = createEngine({ driver: fakeDriver(t), echo: true, logger: (m) => void lines.push(m) });
      expect(e.pool.constructor.name).toBe("QueuePool");
      expect(e.pool).toBeInstanceOf(QueuePool);
      expect(e.pool.prePing).toBe(false);
    }
    expect(lines.filter((l) => l.includes("pool: QueuePool"))).toHaveLength(3);
  });

  it("SQLite :memory: → StaticPool, by capability and by URL", () => {
    expect(createEngine({ driver: fakeDriver("embedded", true) }).pool).toBeInstanceOf(StaticPool);
    expect(createEngine("sqlite+libsql:///:memory:").pool.constructor.name).toBe("StaticPool");
    expect(createEngine("sqlite+libsql:///app.db").pool.constructor.name).toBe("QueuePool");
  });

  it("HTTP and binding drivers → NullPool anywhere", () => {
    expect(createEngine({ driver: fakeDriver("http") }).pool).toBeInstanceOf(NullPool);
    expect(createEngine({ driver: fakeDriver("binding") }).pool).toBeInstanceOf(NullPool);
  });

  it("AWS Lambda (AWS_LAMBDA_FUNCTION_NAME) → StaticPool with pre-ping", () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "api");
    const e = createEngine({ driver: fakeDriver("tcp") });
    expect(e.pool.constructor.name).toBe("StaticPool");
    expect(e.pool.prePing).toBe(true);
    expect(createEngine({ driver: fakeDriver("tcp"), poolPrePing: false }).pool.prePing).toBe(false);
  });

  it("Cloudflare Workers → NullPool for socket drivers", () => {
    vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
    expect(createEngine({ driver: fakeDriver("tcp") }).pool.constructor.name).toBe("NullPool");
  });

  it("poolClass wins, and knobs it has not are logged as ignored", () => {
    const lines: string[] = [];
    const e = createEngine({ driver: fakeDriver("tcp"), poolClass: NullPool, poolSize: 3, echo: true, logger: (m) => void lines.push(m) });
    expect(e.pool).toBeInstanceOf(NullPool);
    expect(lines.some((l) => /NullPool has no poolSize setting; ignored/.test(l))).toBe(true);
  });
});
