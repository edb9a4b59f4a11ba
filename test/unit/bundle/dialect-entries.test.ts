/**
 * The registry-free Core entry (`src/index-core.ts`, what Workers bundles get) knows only the
 * dialects that were imported: an adapter's `dialectClass` gives the engine its dialect, and a
 * dialect's entry point registers its name (docs/DECISIONS.md "Dialect registration").
 * Each vitest file has its own module registry, so nothing here sees `src/index.ts`.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Driver } from "../../../src/engine/driver.js";
import type * as Core from "../../../src/index-core.js";

// the setup file registered every dialect in the shared module registry: start from a fresh one
let core: typeof Core;
beforeAll(async () => {
  vi.resetModules();
  core = await import("../../../src/index-core.js");
});

function fakeDriver(dialect: string, dialectClass?: new () => Core.BaseDialect): Driver {
  return {
    name: "fake",
    capabilities: { dialect, transport: "http", interactiveTransactions: false, atomicBatch: false, returning: true, savepoints: false, cursors: false },
    ...(dialectClass ? { dialectClass } : {}),
    connect: () => Promise.reject(new Error("no connections in this test")),
    errorInfo: (e) => ({ message: String(e), isDisconnect: false }),
  };
}

describe("the Core entry without the built-in registry", () => {
  it("renders with the generic dialect and names the entry point of a dialect it does not hold", () => {
    const { ArgumentError, literal, select } = core;
    expect(String(select(literal(1)))).toBe("SELECT :param_1 AS anon_1");
    expect(() => select(literal(1)).compile({ dialect: "mssql" })).toThrow(ArgumentError);
    expect(() => select(literal(1)).compile({ dialect: "mssql" })).toThrow(/alkahest\/dialects\/mssql/);
  });

  it("takes the engine's dialect from the driver's dialectClass", () => {
    const { createEngine, PostgreSQLDialect } = core;
    const engine = createEngine({ driver: fakeDriver("postgresql", PostgreSQLDialect) });
    expect(engine.dialect).toBeInstanceOf(PostgreSQLDialect);
    expect(() => createEngine({ driver: fakeDriver("postgresql") })).toThrow(/alkahest\/dialects\/postgresql/);
  });

  it("a dialect's entry point registers its names", async () => {
    const { createEngine, literal, MySQLDialect, select } = core;
    await import("../../../src/index-mysql.js");
    expect(select(literal(1)).compile({ dialect: "mysql" }).sql).toBe("SELECT ? AS anon_1");
    const engine = createEngine({ driver: fakeDriver("mysql", MySQLDialect), dialect: "mariadb" });
    expect(engine.dialect.name).toBe("mariadb");
  });

  it("the MySQL dialect tells MariaDB apart on the first connection", () => {
    const { MySQLDialect, PostgreSQLDialect } = core;
    const d = new MySQLDialect();
    expect(d.firstConnectSQL()).toBe("SELECT VERSION()");
    expect(d.onFirstConnect("10.11.6-MariaDB")?.dialect.name).toBe("mariadb");
    expect(d.onFirstConnect("8.0.36")).toBeNull();
    expect(new PostgreSQLDialect().firstConnectSQL()).toBeNull();
  });
});
