import { describe, expect, it } from "vitest";
import { makeRow, rowPrototype } from "../../../src/engine/row.js";
import { Result } from "../../../src/engine/result.js";

function row(keys: string[], values: unknown[]) {
  return makeRow(values, rowPrototype(keys));
}

describe("Row", () => {
  it("reads by name, index, destructuring, _mapping, _fields, _tuple", () => {
    const r = row(["id", "name"], [1, "a"]);
    expect(r.id).toBe(1);
    expect(r.name).toBe("a");
    expect(r[0]).toBe(1);
    const [id, name] = r;
    expect([id, name]).toEqual([1, "a"]);
    expect({ ...r._mapping }).toEqual({ id: 1, name: "a" });
    expect(r._fields).toEqual(["id", "name"]);
    expect(r._tuple()).toEqual([1, "a"]);
    expect(Array.isArray(r._tuple())).toBe(true);
    expect(Object.getPrototypeOf(r._tuple())).toBe(Array.prototype);
    expect(r.length).toBe(2);
    expect(JSON.stringify(r)).toBe('[1,"a"]');
    expect(Object.keys(r)).toEqual(["0", "1"]);
  });

  it("hostile column names (__proto__, length, constructor, map, toString, hasOwnProperty) do not break the row", () => {
    const keys = ["__proto__", "length", "constructor", "map", "toString", "hasOwnProperty", "_mapping", "ok"];
    const values = [{ polluted: true }, 999, "ctor", "m", "ts", "hop", "mp", 1];
    const r = row(keys, values);
    // array behaviour intact
    expect(r.length).toBe(8);
    expect(r.map((v) => typeof v)).toHaveLength(8);
    expect(String(r)).toContain("ctor");
    expect(Object.prototype.hasOwnProperty.call(r, 0)).toBe(true);
    expect(r.hasOwnProperty(0)).toBe(true);
    expect(Array.isArray(r)).toBe(true);
    const [first] = r;
    expect(first).toEqual({ polluted: true });
    // every value reachable via _mapping (a null-prototype object)
    const m = r._mapping;
    expect(Object.getPrototypeOf(m)).toBeNull();
    expect(m["__proto__"]).toEqual({ polluted: true });
    expect(m.length).toBe(999);
    expect(m.constructor).toBe("ctor");
    expect(m.map).toBe("m");
    expect(m.toString).toBe("ts");
    expect(m.hasOwnProperty).toBe("hop");
    expect(m._mapping).toBe("mp");
    expect(r.ok).toBe(1);
    expect(Object.keys(m)).toEqual(keys);
    expect(Object.isFrozen(m)).toBe(true);
  });

  it("no prototype pollution: Object.prototype and Array.prototype are untouched", () => {
    const r = row(["__proto__", "polluted", "constructor"], [{ polluted: "yes" }, "p", { prototype: { x: 1 } }]);
    void r._mapping;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Array.prototype, "polluted")).toBe(false);
    expect((Object.prototype as Record<string, unknown>).x).toBeUndefined();
    // a row of another shape has none of these getters
    const other = row(["a"], [1]);
    expect((other as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.polluted).toBe("p");
  });

  it("numeric-looking and duplicate names: the first wins by name, all stay by index", () => {
    const r = row(["x", "x", "0", "1"], [1, 2, 3, 4]);
    expect(r.x).toBe(1);
    expect(r[0]).toBe(1);
    expect(r[2]).toBe(3);
    expect(r._mapping.x).toBe(1);
    expect(r._mapping["0"]).toBe(3);
  });

  it("Result.unique() and mappings() work with hostile names and bigint values", () => {
    const proto = rowPrototype(["__proto__", "n"]);
    const rows = [makeRow([1, 2n], proto), makeRow([1, 2n], proto), makeRow([2, 3n], proto)];
    const result = new Result(rows, ["__proto__", "n"], -1);
    expect(result.unique().all()).toHaveLength(2);
    expect(result.mappings()[0]!["__proto__"]).toBe(1);
  });
});
