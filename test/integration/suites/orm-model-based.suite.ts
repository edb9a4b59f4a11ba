/**
 * B26: random sequences of add / modify / delete / flush / commit / rollback / beginNested
 * (savepoint commit and rollback) / expire / refresh against an in-memory model of the expected
 * database. The model keeps what was committed, what the transaction has flushed, what the
 * session's objects should hold, and one snapshot per open savepoint. After every commit the
 * table equals the model; after every rollback (of the transaction or of a savepoint) the
 * session's objects are exactly the model's and reload to its values; the identity map holds one
 * object per key.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { Session, declarativeBase, inspectState, mappedColumn, type SessionSavepoint } from "../../../src/orm/index.js";
import type { AdapterTarget } from "./target.js";

type Op =
  | { kind: "add"; name: string }
  | { kind: "modify"; index: number; name: string }
  | { kind: "delete" | "expire" | "refresh"; index: number }
  | { kind: "flush" | "commit" | "rollback" | "beginNested" | "releaseNested" | "rollbackNested" };

const nameArb = fc.string({ minLength: 1, maxLength: 8 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("add" as const), name: nameArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("modify" as const), index: fc.nat(20), name: nameArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("delete" as const, "expire" as const, "refresh" as const), index: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("flush" as const, "commit" as const, "rollback" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("beginNested" as const, "releaseNested" as const, "rollbackNested" as const) }) },
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
    type N = InstanceType<typeof Note>;
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

    it("database and session always match the model (savepoints, expire and refresh included)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
          await engine.begin((c) => c.execute(sa.delete_(Note.__table__)));
          const s = new Session(engine, { expireOnCommit: false });
          /** Rows as of the last commit. */
          let committed = new Map<N, string>();
          /** Rows the transaction sees (as of the last flush). */
          let db = new Map<N, string>();
          /** What the session's (not deleted) objects hold. */
          let live = new Map<N, string>();
          const savepoints: { sp: SessionSavepoint; db: Map<N, string>; live: Map<N, string> }[] = [];
          /** The session's objects are exactly `live` and reload to its values; one object per key. */
          const checkSession = async () => {
            const mapped = [...s.identityMap.values()];
            expect(new Set(mapped.map((st) => st.identity)).size).toBe(mapped.length);
            expect(new Set(mapped.map((st) => st.obj))).toEqual(new Set(live.keys()));
            for (const [o, name] of live) {
              expect(s.contains(o)).toBe(true);
              expect(await o.awaitableAttrs.name).toBe(name);
            }
            expect(s.new).toEqual([]);
            expect(s.deleted).toEqual([]);
          };
          const persistent = (index: number): N | null => {
            const objs = [...live.keys()].filter((o) => inspectState(o).status === "persistent" && db.has(o));
            return objs.length ? objs[index % objs.length]! : null;
          };
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
              } else if (op.kind === "delete") {
                const o = persistent(op.index);
                if (!o) continue;
                s.delete(o);
                live.delete(o);
              } else if (op.kind === "expire") {
                // unflushed changes of the object are discarded; the next load reads the transaction's row
                const o = persistent(op.index);
                if (!o) continue;
                s.expire(o);
                live.set(o, db.get(o)!);
              } else if (op.kind === "refresh") {
                const o = persistent(op.index);
                if (!o) continue;
                await s.refresh(o);
                live.set(o, db.get(o)!);
                expect(o.name).toBe(db.get(o));
              } else if (op.kind === "flush") {
                await s.flush();
                db = new Map(live);
              } else if (op.kind === "commit") {
                await s.commit(); // open savepoints included
                committed = new Map(live);
                db = new Map(live);
                savepoints.length = 0;
                const rows = await engine.connect(async (c) => (await c.execute(sa.select(Note.name))).scalars().all());
                expect([...rows].sort()).toEqual([...committed.values()].sort());
              } else if (op.kind === "rollback") {
                await s.rollback();
                live = new Map(committed);
                db = new Map(committed);
                savepoints.length = 0;
                await checkSession();
              } else if (op.kind === "beginNested") {
                if (savepoints.length >= 3) continue;
                const sp = await s.beginNested(); // flushes first
                db = new Map(live);
                savepoints.push({ sp, db: new Map(db), live: new Map(live) });
              } else if (op.kind === "releaseNested") {
                const top = savepoints.pop();
                if (!top) continue;
                await top.sp.commit(); // flushes, then RELEASE
                db = new Map(live);
              } else if (op.kind === "rollbackNested") {
                const top = savepoints.pop();
                if (!top) continue;
                await top.sp.rollback();
                live = new Map(top.live);
                db = new Map(top.db);
                await checkSession();
              }
            }
          } finally {
            await s.close();
          }
        }),
        { numRuns: target.name === "libsql" ? 200 : 100 },
      );
    });
  });
}
