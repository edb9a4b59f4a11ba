/** `new Model({...})` assigns each value through the setter an assignment would reach (called directly, resolved once per class). */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { declarativeBase, inspectState, mappedColumn } from "../../../src/orm/index.js";

describe("model constructor", () => {
  it("calls a class's own setter for a mapped attribute, and the generated one otherwise", () => {
    const Base = declarativeBase();
    class Tag extends Base.model("tags", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      name: mappedColumn(sa.String(50)),
      note: mappedColumn(sa.String(50), { nullable: true }),
    }) {
      static {
        Base.register(this);
      }
    }
    const generated = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Tag.prototype), "name")!;
    // a plain-JS override of the accessor on the registered class (TypeScript would not allow it in the body)
    Object.defineProperty(Tag.prototype, "name", {
      get: generated.get,
      set(this: Tag, v: unknown) {
        generated.set!.call(this, String(v).trim().toLowerCase());
      },
      configurable: true,
    });
    for (let i = 0; i < 3; i++) {
      const t = new Tag({ name: "  Hello ", note: "n" });
      expect(t.name).toBe("hello");
      expect(t.note).toBe("n");
      expect(inspectState(t).modifiedKeys).toEqual(["name", "note"]);
    }
    expect(() => new Tag({ nope: 1 } as never)).toThrow(/Tag has no attribute "nope" \(attributes: id, name, note\)/);
  });
});
