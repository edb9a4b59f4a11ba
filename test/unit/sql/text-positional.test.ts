import { describe, expect, it } from "vitest";
import { CompileError, text } from "../../../src/index.js";

describe("text() with raw positional parameters", () => {
  it("refuses $1 outside quotes on PostgreSQL, where it would collide with bound parameters", () => {
    expect(() => text("SELECT :a, $1").compile({ dialect: "postgresql" })).toThrow(CompileError);
    expect(() => text("SELECT :a, $1").compile({ dialect: "postgresql" })).toThrow(/:name parameters/);
  });
  it("leaves $1 inside literals, dollar quotes and on other dialects alone", () => {
    expect(text("SELECT :a, '$1', $$x$1$$").compile({ dialect: "postgresql" }).sql).toBe("SELECT $1, '$1', $$x$1$$");
    expect(text("SELECT :a, $1").compile({ dialect: "sqlite" }).sql).toBe("SELECT ?, $1");
  });
});
