/** The revision graph: heads, bases, branches, merges, labels, partial ids, relative targets, errors. */
import { describe, expect, it } from "vitest";
import { MULTIPLE_HEADS_MESSAGE, Revision, RevisionGraph, type MigrationModule } from "../../../src/migrate/index.js";

const noop = async () => {};
function mod(revision: string, downRevision: string | string[] | null, extra: Partial<MigrationModule> = {}): MigrationModule {
  return { revision, downRevision, upgrade: noop, downgrade: noop, ...extra };
}
const graphOf = (...mods: MigrationModule[]) => new RevisionGraph(mods.map((m) => new Revision(m)));

// base a1 -> a2 (branch point) -> b1 (label "feat") -> b2 ; a2 -> c1 ; merge m(b2, c1)
const branched = () =>
  graphOf(
    mod("a1aaaa", null),
    mod("a2bbbb", "a1aaaa"),
    mod("b1cccc", "a2bbbb", { branchLabels: ["feat"] }),
    mod("b2dddd", "b1cccc"),
    mod("c1eeee", "a2bbbb"),
  );

describe("RevisionGraph", () => {
  it("finds heads, bases, branch points", () => {
    const g = branched();
    expect(g.heads.sort()).toEqual(["b2dddd", "c1eeee"]);
    expect(g.bases).toEqual(["a1aaaa"]);
    expect(g.branchPoints.map((r) => r.revision)).toEqual(["a2bbbb"]);
    expect(g.mergePoints).toEqual([]);
  });

  it("a merge revision joins heads", () => {
    const g = graphOf(mod("a1", null), mod("b1", "a1"), mod("c1", "a1"), mod("m1", ["b1", "c1"]));
    expect(g.heads).toEqual(["m1"]);
    expect(g.mergePoints.map((r) => r.revision)).toEqual(["m1"]);
    expect(g.upgradePlan([], ["m1"]).map((r) => r.revision)).toEqual(["a1", "b1", "c1", "m1"]);
    expect(g.downgradePlan(["m1"], []).map((r) => r.revision)).toEqual(["m1", "c1", "b1", "a1"]);
    expect(g.downgradePlan(["m1"], ["b1"]).map((r) => r.revision)).toEqual(["m1"]);
  });

  it("two bases (independent branches) and dependsOn ordering", () => {
    const g = graphOf(mod("x1", null, { branchLabels: ["x"] }), mod("y1", null), mod("y2", "y1", { dependsOn: "x1" }));
    expect(g.bases.sort()).toEqual(["x1", "y1"]);
    const plan = g.upgradePlan([], ["y2"]).map((r) => r.revision);
    expect(plan.indexOf("x1")).toBeLessThan(plan.indexOf("y2"));
    expect(plan).toContain("y1");
  });

  it("resolves partial ids and branch labels; errors for unknown and ambiguous", () => {
    const g = branched();
    expect(g.resolve("b2d").revision).toBe("b2dddd");
    expect(g.resolve("feat").revision).toBe("b1cccc");
    expect(() => g.resolve("zz")).toThrow("No such revision or branch 'zz'");
    expect(() => graphOf(mod("abc1", null), mod("abc2", "abc1")).resolve("abc")).toThrow("Multiple revisions start with 'abc'");
  });

  it("relative and symbolic targets", () => {
    const g = branched();
    expect(g.resolveTarget("heads", null).sort()).toEqual(["b2dddd", "c1eeee"]);
    expect(() => g.resolveTarget("head", null)).toThrow(MULTIPLE_HEADS_MESSAGE);
    expect(g.resolveTarget("feat@head", null)).toEqual(["b2dddd"]);
    expect(g.resolveTarget("base", null)).toEqual([]);
    expect(g.resolveTarget("+1", [])).toEqual(["a1aaaa"]);
    expect(() => g.resolveTarget("+2", ["a1aaaa"])).toThrow(/ambiguous/);
    expect(g.resolveTarget("-1", ["b2dddd"])).toEqual(["b1cccc"]);
    expect(g.resolveTarget("-2", ["a2bbbb"])).toEqual([]);
    expect(() => g.resolveTarget("-3", ["a2bbbb"])).toThrow(/didn't produce 3 migrations/);
    expect(g.resolveTarget("b1c@+1", null)).toEqual(["b2dddd"]);
    expect(g.resolveTarget("b2d@-2", null)).toEqual(["a2bbbb"]);
    expect(g.resolveTarget("feat@+1", ["b1cccc", "c1eeee"])).toEqual(["b2dddd"]);
    expect(() => g.resolveTarget("-1", ["b2dddd", "c1eeee"])).toThrow(/several heads/);
  });

  it("plans upgrade by branch and downgrade only of what is built on the target", () => {
    const g = branched();
    expect(g.upgradePlan(["c1eeee"], ["b2dddd"]).map((r) => r.revision)).toEqual(["b1cccc", "b2dddd"]);
    expect(g.downgradePlan(["b2dddd", "c1eeee"], ["b1cccc"]).map((r) => r.revision)).toEqual(["b2dddd"]);
    expect(g.downgradePlan(["b2dddd", "c1eeee"], ["a2bbbb"]).map((r) => r.revision).sort()).toEqual(["b1cccc", "b2dddd", "c1eeee"]);
    expect(() => g.downgradePlan(["a1aaaa"], ["b1cccc"])).toThrow(/not applied/);
  });

  it("a downgrade to <branch>@base removes only that branch's revisions", () => {
    const g = branched();
    // feat (b1) starts at a2: only b1 and b2 go; c1 and what feat was built on stay
    expect(g.plan("downgrade", ["b2dddd", "c1eeee"], "feat@base").map((r) => r.revision)).toEqual(["b2dddd", "b1cccc"]);
    expect(g.plan("downgrade", ["c1eeee"], "feat@base")).toEqual([]);
    // a labeled base revision: its whole branch, not the other base's
    const two = graphOf(mod("x1", null, { branchLabels: ["x"] }), mod("x2", "x1"), mod("y1", null, { branchLabels: ["y"] }));
    expect(two.plan("downgrade", ["x2", "y1"], "x@base").map((r) => r.revision)).toEqual(["x2", "x1"]);
    expect(two.plan("downgrade", ["x2", "y1"], "base").map((r) => r.revision).sort()).toEqual(["x1", "x2", "y1"]);
    expect(two.plan("upgrade", [], "x@head").map((r) => r.revision)).toEqual(["x1", "x2"]);
  });

  it("reports cycles, missing revisions, duplicates and label clashes", () => {
    expect(() => graphOf(mod("a", "b"), mod("b", "a"))).toThrow(/Cycle is detected/);
    expect(() => graphOf(mod("a", "nope"))).toThrow("Revision nope referenced from a (downRevision) is not present");
    expect(() => graphOf(mod("a", null), mod("a", null))).toThrow(/more than once/);
    expect(() => graphOf(mod("a", null, { branchLabels: "l" }), mod("b", "a", { branchLabels: "l" }))).toThrow(/Branch name 'l'/);
    expect(() => new Revision({ revision: "x" } as unknown as MigrationModule)).toThrow(/downRevision/);
  });
});
