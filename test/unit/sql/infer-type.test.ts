import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";

describe("values bound without a type are typed from the JS value", () => {
  it.each([
    [1, "integer"],
    [1.5, "float"],
    [10n, "bigint"],
    ["x", "string"],
    [true, "boolean"],
    [new Date(0), "datetime"],
    [new Uint8Array([1]), "binary"],
  ] as const)("literal(%s) is %s", (value, kind) => {
    expect(sa.literal(value).type.kind).toBe(kind);
  });

  it("a Date literal binds as UTC text like a DateTime column", () => {
    const { params } = sa.select(sa.literal(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).compile({ dialect: "sqlite" });
    expect(params).toEqual(["2024-01-02 03:04:05.006"]);
  });

  it("an object is refused as an untyped value", () => {
    expect(() => sa.text("SELECT :x").bindparams({ x: { $gt: "" } })).toThrow(sa.ArgumentError);
  });
});
