import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DriverConnection, RawResult } from "../../../src/engine/driver.js";
import { InvalidRequestError, TimeoutError } from "../../../src/errors.js";
import { QueuePool, type PoolTimer } from "../../../src/pool/index.js";
import { FakeDatabaseError, FakeDisconnect, isDisconnect } from "./fake-driver.js";

type Action = "release" | "invalidate" | "softInvalidate";

/** D03: random interleavings of acquire / release / invalidate / timeout / dispose / connect failure / server kill. */
describe("QueuePool under random interleavings (D03)", () => {
  it("D03: no connection held twice, every acquire settles once, counts stay in range, the pool drains", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.record({
          poolSize: fc.integer({ min: 1, max: 3 }),
          maxOverflow: fc.integer({ min: 0, max: 2 }),
          lifo: fc.boolean(),
          prePing: fc.boolean(),
        }),
        fc.array(fc.constantFrom<Action>("release", "invalidate", "softInvalidate"), { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { maxLength: 12 }), // per creator call: fail?
        fc.boolean(), // dispose while tasks run
        fc.boolean(), // kill every session while tasks run
        async (s, cfg, actions, failPlan, disposeMidway, killMidway) => {
          const problems: string[] = [];
          const all: SchedConn[] = [];
          let sessions = 0; // opened (or opening) and not yet closed
          let maxSessions = 0;

          class SchedConn implements DriverConnection {
            dead = false;
            closeCalls = 0;
            constructor(readonly id: number) {}
            async execute(): Promise<RawResult> {
              return { columns: [], rows: [], rowCount: 0 };
            }
            readonly listeners = new Set<(error: unknown) => void>();
            onDisconnect(listener: (error: unknown) => void): () => void {
              this.listeners.add(listener);
              return () => this.listeners.delete(listener);
            }
            async ping(): Promise<void> {
              await s.schedule(Promise.resolve(), `ping ${this.id}`);
              if (this.dead) throw new FakeDisconnect(`ping ${this.id}: gone`);
            }
            async close(): Promise<void> {
              this.closeCalls++;
              await s.schedule(Promise.resolve(), `close ${this.id}`);
              if (this.closeCalls === 1) sessions--;
            }
          }
          let creatorCalls = 0;
          const creator = async (): Promise<DriverConnection> => {
            const fail = failPlan[creatorCalls++] ?? false;
            sessions++;
            maxSessions = Math.max(maxSessions, sessions);
            await s.schedule(Promise.resolve(), "connect");
            if (fail) {
              sessions--;
              throw new FakeDatabaseError("connect failed");
            }
            const conn = new SchedConn(all.length + 1);
            all.push(conn);
            return conn;
          };
          const timer: PoolTimer = (fire) => {
            let cancelled = false;
            void s.schedule(Promise.resolve(), "poolTimeout").then(() => {
              if (!cancelled) fire();
            });
            return () => {
              cancelled = true;
            };
          };
          const pool = new QueuePool({
            creator,
            isDisconnect,
            timer,
            poolSize: cfg.poolSize,
            maxOverflow: cfg.maxOverflow,
            lifo: cfg.lifo,
            poolPrePing: cfg.prePing,
          });
          const limit = cfg.poolSize + cfg.maxOverflow;
          const check = (where: string) => {
            const [out, idle, overflow] = [pool.checkedout(), pool.checkedin(), pool.overflow()];
            if (out < 0 || idle < 0 || overflow < -cfg.poolSize || overflow > cfg.maxOverflow || out + idle > limit) {
              problems.push(`${where}: ${pool.status()}`);
            }
          };

          const held = new Set<DriverConnection>();
          const settlements = actions.map(() => 0);
          const tasks = actions.map((action, i) =>
            s.schedule(Promise.resolve(), `start ${i}`).then(async () => {
              let proxy;
              try {
                proxy = await pool.connect();
                settlements[i]!++;
              } catch (error) {
                settlements[i]!++;
                const expected =
                  error instanceof TimeoutError ||
                  error instanceof FakeDatabaseError ||
                  error instanceof FakeDisconnect ||
                  error instanceof InvalidRequestError;
                if (!expected) problems.push(`task ${i}: unexpected ${String(error)}`);
                return;
              }
              const conn = proxy.driverConnection;
              if (held.has(conn)) problems.push(`task ${i}: connection ${(conn as SchedConn).id} held twice`);
              if ((conn as SchedConn).closeCalls > 0) problems.push(`task ${i}: got closed connection`);
              held.add(conn);
              check(`task ${i} holding`);
              await s.schedule(Promise.resolve(), `hold ${i}`);
              held.delete(conn);
              if (action === "release") await proxy.release();
              else if (action === "invalidate") await proxy.invalidate(new FakeDisconnect("bad"));
              else {
                await proxy.invalidate(new Error("old"), { soft: true });
                await proxy.release();
              }
              check(`task ${i} returned`);
            }),
          );
          const disposing = disposeMidway
            ? s.schedule(Promise.resolve(), "dispose").then(() => pool.dispose())
            : Promise.resolve();
          if (killMidway) {
            void s.schedule(Promise.resolve(), "kill").then(() => {
              for (const c of all) {
                c.dead = true;
                for (const listener of [...c.listeners]) listener(new FakeDisconnect(`killed ${c.id}`));
              }
            });
          }

          await s.waitFor(Promise.all([...tasks, disposing]).then(() => undefined));
          await s.waitAll();
          expect(settlements).toEqual(actions.map(() => 1));
          expect(problems).toEqual([]);
          expect(held.size).toBe(0);
          expect(pool.checkedout()).toBe(0); // drained: nothing left checked out
          expect(pool.checkedin()).toBeLessThanOrEqual(cfg.poolSize);
          expect(maxSessions).toBeLessThanOrEqual(limit);
          await s.waitFor(pool.dispose());
          expect(all.every((c) => c.closeCalls === 1)).toBe(true);
          expect(all.every((c) => c.listeners.size === 0)).toBe(true);
          expect(sessions).toBe(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
