import { describe, expect, it } from "vitest";
import { sortComponents, sortNodes } from "../../../src/orm/unit-of-work/dependency-graph.js";

describe("unit-of-work dependency ordering", () => {
  const graph = (edges: Record<string, string[]>) => (n: string) => edges[n] ?? [];

  it("orders dependencies first and marks no cycle in an acyclic graph", () => {
    const comps = sortComponents(["posts", "comments", "users"], graph({ posts: ["users"], comments: ["posts", "users"] }));
    expect(comps.map((c) => c.nodes)).toEqual([["users"], ["posts"], ["comments"]]);
    expect(comps.every((c) => !c.cyclic)).toBe(true);
  });

  it("a node that merely depends on a cycle is not part of it", () => {
    const comps = sortComponents(["a", "b", "c"], graph({ a: ["b"], b: ["a"], c: ["a"] }));
    expect(comps).toEqual([{ nodes: ["a", "b"], cyclic: true }, { nodes: ["c"], cyclic: false }]);
  });

  it("a self-reference is a cycle of one (row-level ordering), other nodes are not", () => {
    const comps = sortComponents(["nodes", "users"], graph({ nodes: ["nodes", "users"] }));
    expect(comps).toEqual([{ nodes: ["users"], cyclic: false }, { nodes: ["nodes"], cyclic: true }]);
  });

  it("sortNodes orders rows and reports a real cycle", () => {
    expect(sortNodes(["c", "b", "a"], graph({ c: ["b"], b: ["a"] }), () => new Error("cycle"))).toEqual(["a", "b", "c"]);
    expect(() => sortNodes(["a", "b"], graph({ a: ["b"], b: ["a"] }), (n) => new Error(`cycle ${n.join(",")}`))).toThrow("cycle a,b");
  });
});
