/**
 * The session's pending list (src/orm/session/pending-list.ts): membership is each object's own
 * state, so an object expunged and added again is listed once, in its new place, and one flushed
 * (persistent) is no longer listed. Exercised through the public Session API on real SQLite.
 */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import { Session, declarativeBase, mappedColumn } from "../../../src/orm/index.js";

function setup() {
  const Base = declarativeBase();
  class Item extends Base.model("items", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(20)),
  }) {
    static {
      Base.register(this);
    }
  }
  const engine = sa.createEngine({ driver: libsql({ url: ":memory:" }) });
  return { Base, Item, engine };
}

describe("pending objects", () => {
  it("expunge and add again: listed once, in the order of the last add; a flush inserts each once", async () => {
    const { Base, Item, engine } = setup();
    await Base.metadata.createAll(engine);
    const s = new Session(engine);
    const [a, b, c] = ["a", "b", "c"].map((name) => new Item({ name }));
    s.addAll([a!, b!, c!]);
    s.expunge(a!);
    expect(s.new).toEqual([b, c]);
    s.add(a!);
    s.expunge(b!);
    s.add(b!);
    expect(s.new).toEqual([c, a, b]);
    await s.flush();
    expect(s.new).toEqual([]);
    expect(await s.scalar(sa.select(sa.func.count(Item.id)))).toBe(3);
    expect([a, b, c].map((o) => o!.id).sort()).toEqual([1, 2, 3]);
    await s.close();
    await engine.dispose();
  });

  it("objects added after a partial expunge are all flushed; rollback expunges them and they can be added again", async () => {
    const { Base, Item, engine } = setup();
    await Base.metadata.createAll(engine);
    const s = new Session(engine);
    const objs = Array.from({ length: 5 }, (_, i) => new Item({ name: `n${i}` }));
    s.addAll(objs);
    s.expunge(objs[2]!);
    await s.flush();
    expect(objs.map((o) => s.contains(o))).toEqual([true, true, false, true, true]);
    await s.rollback();
    expect(s.new).toEqual([]);
    expect(objs.every((o) => !s.contains(o))).toBe(true);
    s.addAll(objs);
    await s.commit();
    expect(await s.scalar(sa.select(sa.func.count(Item.id)))).toBe(5);
    await s.close();
    await engine.dispose();
  });
});
