/**
 * The changes of a new object: the columns given to the constructor (or set before any flush) are
 * recorded without a map per object (an interned key sequence, key-sequence.ts), and read back
 * exactly as the map would give them — in order, mixed with relationship changes, old value unknown.
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { declarativeBase, inspectState, mappedColumn, relationship } from "../../../src/orm/index.js";
import { KeySequence } from "../../../src/orm/session/key-sequence.js";
import { stateOf, expireState } from "../../../src/orm/session/instance-state.js";

function models() {
  const Base = declarativeBase();
  class User extends Base.model("users", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    email: mappedColumn(sa.String(100), { nullable: true }),
    posts: relationship<Post[]>("Post", { backPopulates: "author" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Post extends Base.model("posts", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(50)),
    userId: mappedColumn(sa.Integer, { foreignKey: "users.id", nullable: true }),
    author: relationship<User | null>("User", { backPopulates: "posts" }),
  }) {
    static {
      Base.register(this);
    }
  }
  return { User, Post };
}

describe("changes of a new object", () => {
  it("constructor values and later sets are modified keys, in order, with no old value", () => {
    const { User } = models();
    const a = new User({ name: "a", email: "a@x.io" });
    const b = new User({ name: "b", email: "b@x.io" });
    expect(inspectState(a).modifiedKeys).toEqual(["name", "email"]);
    a.name = "a2"; // a second change of the same key keeps its place and its (unknown) old value
    a.id = 7;
    expect(inspectState(a).modifiedKeys).toEqual(["name", "email", "id"]);
    expect(inspectState(a).history("name")).toEqual({ changed: true, current: "a2", old: undefined });
    expect(inspectState(a).history("posts")).toMatchObject({ changed: false });
    // another object built alike is not affected by the first one's later changes
    expect(inspectState(b).modifiedKeys).toEqual(["name", "email"]);
  });

  it("column and relationship changes keep the order they were made in", () => {
    const { User, Post } = models();
    const u = new User({ name: "u" });
    const p = new Post({ title: "t" });
    p.author = u;
    p.userId = 3;
    expect(inspectState(p).modifiedKeys).toEqual(["title", "author", "userId"]);
    expect(inspectState(p).history("author")).toEqual({ changed: true, current: u, old: undefined });
    expect(inspectState(u).modifiedKeys).toEqual(["name", "posts"]);
  });

  it("expire() forgets a new object's recorded column change", () => {
    const { User } = models();
    const u = new User({ name: "u", email: "e" });
    expect(inspectState(u).modifiedKeys).toEqual(["name", "email"]); // u's changes are now in a map, v's not
    const v = new User({ name: "v", email: "f" });
    for (const o of [u, v]) {
      expireState(stateOf(o), ["email"]);
      expect(inspectState(o).modifiedKeys).toEqual(["name"]);
    }
  });

  it("KeySequence interns sequences and stops branching past its limit", () => {
    const ab = KeySequence.EMPTY.then("a")!.then("b")!;
    expect(ab).toBe(KeySequence.EMPTY.then("a")!.then("b"));
    expect(ab.then("a")).toBe(ab);
    expect(ab.keys).toEqual(["a", "b"]);
    const root = KeySequence.EMPTY.then("root-of-many")!;
    let last: KeySequence | null = null;
    for (let i = 0; i < 100; i++) last = root.then(`k${i}`);
    expect(last).toBeNull();
    // and a bound on sequences in all (keys set in ever new orders, e.g. from request bodies)
    const a = KeySequence.EMPTY.then("a")!;
    let made = 0;
    let refused = 0;
    for (let i = 0; i < 64; i++) {
      const x = a.then(`x${i}`);
      for (let j = 0; x && j < 64; j++) {
        if (x.then(`y${j}`)) made++;
        else refused++;
      }
    }
    expect(made).toBeLessThan(4096);
    expect(refused).toBeGreaterThan(0); // refused below 64 branches per sequence: the total is spent
  });

  it("changes of new objects are still recorded once no sequence is left", () => {
    const { User } = models();
    for (let i = 0; i < 64; i++) for (let j = 0; j < 64; j++) KeySequence.EMPTY.then(`p${i}`)?.then(`q${j}`);
    const u = new User({ email: "e", name: "n" });
    u.id = 1;
    expect(inspectState(u).modifiedKeys).toEqual(["email", "name", "id"]);
    expect(inspectState(u).history("email")).toEqual({ changed: true, current: "e", old: undefined });
  });
});
