import { describe, expectTypeOf, it } from "vitest";
import type { Driver, DriverConnection, DriverErrorCategory, RawStream } from "../../../src/engine/driver.js";
import type { ErrorCategory } from "../../../src/errors.js";

describe("driver contract (type-level)", () => {
  it("DriverErrorCategory stays the same union as errors.ts ErrorCategory", () => {
    expectTypeOf<DriverErrorCategory>().toEqualTypeOf<ErrorCategory>();
  });

  it("a minimal socket adapter and an HTTP adapter with a batch both satisfy the contract", () => {
    const socket: DriverConnection = {
      execute: async () => ({ columns: [], rows: [], rowCount: -1 }),
      ping: async () => {},
      close: async () => {},
    };
    const http: DriverConnection = {
      ...socket,
      batch: async (stmts) => stmts.map(() => ({ columns: [], rows: [], rowCount: 0 })),
      begin: async (opts) => void opts?.isolationLevel,
      commit: async () => {},
      rollback: async () => {},
    };
    const driver: Driver = {
      name: "fake",
      capabilities: {
        dialect: "postgresql",
        transport: "http",
        interactiveTransactions: false,
        atomicBatch: true,
        returning: true,
        savepoints: false,
        cursors: false,
      },
      connect: async () => http,
      errorInfo: (err) => ({ message: String(err), isDisconnect: err instanceof TypeError }),
    };
    expectTypeOf(driver.connect).returns.resolves.toEqualTypeOf<DriverConnection>();
    expectTypeOf<RawStream>().toMatchTypeOf<AsyncIterable<unknown[][]>>();
  });
});
