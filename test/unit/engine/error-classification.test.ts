import { describe, expect, it } from "vitest";
import { categoryForSqlState, nodePostgresErrorInfo } from "../../../src/engine/errors.js";

describe("SQLSTATE classification shared by the PostgreSQL-protocol adapters (A14)", () => {
  it.each([
    ["23505", "integrity"],
    ["22001", "data"],
    ["42P01", "programming"],
    ["0A000", "notSupported"],
    ["40001", "operational"],
    ["XX000", "internal"],
  ])("%s is %s", (code, category) => {
    expect(categoryForSqlState(code)).toBe(category);
  });

  it("server shutdown and connection-class codes are disconnects; constraint errors are not", () => {
    expect(nodePostgresErrorInfo({ code: "57P01", message: "terminating connection due to administrator command" }).isDisconnect).toBe(true);
    expect(nodePostgresErrorInfo({ code: "08006", message: "x" }).isDisconnect).toBe(true);
    expect(nodePostgresErrorInfo({ code: "23505", message: "duplicate key" }).isDisconnect).toBe(false);
  });

  it("socket codes are checked before SQLSTATE shape (EPIPE looks like one)", () => {
    expect(nodePostgresErrorInfo({ code: "EPIPE", message: "write EPIPE" })).toMatchObject({ isDisconnect: true, category: "operational" });
    expect(nodePostgresErrorInfo({ code: "ECONNREFUSED", message: "refused" })).toMatchObject({ isDisconnect: false, category: "operational" });
  });

  it("client messages and transport-specific messages mark disconnects", () => {
    expect(nodePostgresErrorInfo(new Error("Connection terminated unexpectedly")).isDisconnect).toBe(true);
    expect(nodePostgresErrorInfo(new Error("WebSocket closed"), ["WebSocket"]).isDisconnect).toBe(true);
    expect(nodePostgresErrorInfo(new Error("WebSocket closed")).isDisconnect).toBe(false);
    expect(nodePostgresErrorInfo(new TypeError("bad arg")).category).toBe("interface");
  });
});
