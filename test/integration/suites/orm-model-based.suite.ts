/**
 * B26 (first cut): random sequences of add / modify / delete / flush / commit / rollback against
 * an in-memory model. After every commit the table equals the model; after every rollback the
 * session's objects are exactly the committed ones and reload to their committed values.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { Session, declarativeBase, inspectState, mappedColumn } from "../../../src/orm/index.js";
import type { AdapterTarget } from "./target.js";

type Op =
  | { kind: "add"; name: string }
  | { kind: "modify"; index: number; name: string }
  | { kind: "delete"; index: number }
  | { kind: "flush" | "commit" | "rollback" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), name: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("modify" as const), index: fc.nat(20), name: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("delete" as const), index: fc.nat(20) }),
  fc.record({ kind: fc.constantFrom("flush" as const, "commit" as const, "rollback" as const) }),
);

export function ormModelBasedSuite(target: AdapterTarget): void {
  describe("orm model-based (B26)", () => {
    const Base = declarativeBase();
    class Note extends Base.model(`it_ormmb_notes_${target.name}`, {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      name: mappedColumn(sa.String(20)),
    }) {
      static {
        Base.register(this);
      }
    }
    let engine: Engine;
    beforeAll(async () => {
      engine = target.makeEngine();
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine.dispose();
    });

    it("database and session always match the model", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { maxLength: 25 }), async (ops) => {
          await engine.begin((c) => c.execute(sa.delete_(Note.__table__)));
          const s = new Session(engine, { expireOnCommit: false });
          let committed = new Map<InstanceType<typeof Note>, string>();
          let live = new Map<InstanceType<typeof Note>, string>();
          try {
            for (const op of ops) {
              const objs = [...live.keys()];
              if (op.kind === "add") {
                const n = new Note({ name: op.name });
                s.add(n);
                live.set(n, op.name);
              } else if (op.kind === "modify" && objs.length) {
                const o = objs[op.index % objs.length]!;
                o.name = op.name;
                live.set(o, op.name);
              } else if (op.kind === "delete" && objs.length) {
                const o = objs[op.index % objs.length]!;
                if (inspectState(o).status !== "persistent") continue;
                s.delete(o);
                live.delete(o);
              } else if (op.kind === "flush") {
                await s.flush();
              } else if (op.kind === "commit") {
                await s.commit();
                committed = new Map(live);
                const rows = await engine.connect(async (c) => (await c.execute(sa.select(Note.name))).scalars().all());
                expect([...rows].sort()).toEqual([...committed.values()].sort());
              } else if (op.kind === "rollback") {
                await s.rollback();
                live = new Map(committed);
                for (const [o, name] of committed) {
                  expect(s.contains(o)).toBe(true);
                  expect(await o.awaitableAttrs.name).toBe(name);
                }
                expect(s.new).toEqual([]);
                expect(s.deleted).toEqual([]);
              }
            }
          } finally {
            await s.close();
          }
        }),
        { numRuns: target.name === "libsql" ? 40 : 15 },
      );
    });
  });
}
