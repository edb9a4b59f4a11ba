/**
 * Reliability scenario E16 at the ORM level: the HTTP request that carries a Session's commit is
 * aborted after the server received (and here: executed) it, so the client cannot know whether the
 * commit happened.
 * - neon-http and libsql over http: `commit()` is one atomic batch request (batch-commit.ts);
 * - planetscale: an interactive transaction over HTTP, and the COMMIT request is the one aborted.
 *
 * The local endpoints run the request and withhold the answer (`holdResponse`); the test aborts the
 * client's fetch once the endpoint has executed it (no timing involved). Then:
 * - `commit()` raises an OperationalError with `outcomeUnknown === true` that says so;
 * - the request was sent exactly once (counted at the endpoint: no retry);
 * - the session requires `rollback()`; after it the objects that were pending are transient again
 *   (not persistent), and the objects the commit modified are expired: their next read reloads
 *   them from the database, whatever the outcome was (here: committed);
 * - the session works after `rollback()`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { OperationalError } from "../../../src/errors.js";
import { PendingRollbackError, Session, declarativeBase, inspectState, mappedColumn } from "../../../src/orm/index.js";
import { neonHttp } from "../../../adapters/neon-http/index.js";
import { planetscale } from "../../../adapters/planetscale/index.js";
import { libsql, type LibsqlAdapterConfig } from "../../../adapters/libsql/index.js";
import type { Driver } from "../../../src/engine/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startNeonHttpEndpoint } from "../../support/endpoints/neon-http.js";
import { startPlanetscaleEndpoint } from "../../support/endpoints/planetscale-http.js";
import { startHranaEndpoint } from "../../support/endpoints/hrana.js";
import { rejection } from "../suites/target.js";

/** The signal every request of a target's driver carries (unset: none). */
interface AbortHolder {
  signal?: AbortSignal;
}

interface Started {
  /** Drives the Session; its requests carry `holder.signal`. */
  driver: Driver;
  /** Another client on the same endpoint, to look at the database independently. */
  check: Driver;
  /** Withholds the answer to the commit's request; resolves once the endpoint executed it. */
  holdCommit(): Promise<void>;
  /** Requests that carried the commit since `mark()` (the batch, or the COMMIT statement). */
  mark(): () => number;
  /** Requests the endpoint received so far, of any kind. */
  requests(): number;
  stop(): Promise<void>;
}

interface Target {
  name: string;
  skip: string | null;
  start(holder: AbortHolder): Promise<Started>;
}

const pgDb = providedDatabase("postgres");
const maria = providedDatabase("mariadb");

/** `fetch` with the holder's signal, for clients that take a `fetch` option. */
const fetchWith = (holder: AbortHolder) => (input: string, init?: unknown) =>
  fetch(input, { ...(init as RequestInit | undefined), ...(holder.signal ? { signal: holder.signal } : {}) });

const targets: Target[] = [
  {
    name: "neon-http",
    skip: "skip" in pgDb ? pgDb.skip : null,
    async start(holder) {
      const url = "url" in pgDb ? pgDb.url : "";
      const ep = await startNeonHttpEndpoint(url);
      // neon() spreads fetchOptions into each request's init: the holder's signal is read per request
      const driver = neonHttp({ connectionString: url, fetchEndpoint: ep.url, fetchOptions: holder as Record<string, unknown> });
      return {
        driver,
        check: neonHttp({ connectionString: url, fetchEndpoint: ep.url }),
        holdCommit: () => ep.holdResponse((body) => Array.isArray(body.queries)),
        mark() {
          const before = ep.stats.batches;
          return () => ep.stats.batches - before;
        },
        requests: () => ep.stats.requests,
        stop: () => ep.stop(),
      };
    },
  },
  {
    name: "planetscale",
    skip: "skip" in maria ? maria.skip : null,
    async start(holder) {
      const ep = await startPlanetscaleEndpoint("url" in maria ? maria.url : "", { idleMs: 5_000 });
      const isCommit = (q: string) => /^\s*COMMIT\b/i.test(q);
      return {
        driver: planetscale({ url: ep.url, fetch: fetchWith(holder) }),
        check: planetscale({ url: ep.url }),
        holdCommit: () => ep.holdResponse(isCommit),
        mark() {
          const before = ep.stats.queries.length;
          return () => ep.stats.queries.slice(before).filter(isCommit).length;
        },
        requests: () => ep.stats.requests,
        stop: () => ep.stop(),
      };
    },
  },
  {
    name: "libsql-http",
    skip: null,
    async start(holder) {
      const ep = await startHranaEndpoint();
      return {
        driver: libsql({ url: ep.url, fetch: fetchWith(holder) } as LibsqlAdapterConfig),
        check: libsql(ep.url),
        holdCommit: () => ep.holdResponse((reqs) => reqs.some((r) => r.type === "batch")),
        mark() {
          // the commit is one pipeline request (its batch); nothing else is sent meanwhile
          const before = ep.stats.requests;
          return () => ep.stats.requests - before;
        },
        requests: () => ep.stats.requests,
        stop: () => ep.stop(),
      };
    },
  },
];

function models(prefix: string) {
  const Base = declarativeBase();
  class Item extends Base.model(`${prefix}_items`, {
    id: mappedColumn(sa.Integer, { primaryKey: true, autoincrement: false }),
    name: mappedColumn(sa.String(50)),
  }) {
    static {
      Base.register(this);
    }
  }
  return { Base, Item };
}


for (const target of targets) {
  describe.skipIf(target.skip !== null)(`E16: Session commit with an unknown outcome on ${target.name}${target.skip ? ` (skipped: ${target.skip})` : ""}`, () => {
    const { Base, Item } = models(`e16_${target.name.replace("-", "_")}`);
    const holder: AbortHolder = {};
    let ep: Started;
    let engine: Engine;
    let check: Engine;
    const dbNames = async () =>
      check.connect(async (c) => (await c.execute(sa.select(Item.id, Item.name).orderBy(Item.id))).all().map((r) => [...r]));

    beforeAll(async () => {
      ep = await target.start(holder);
      engine = sa.createEngine({ driver: ep.driver });
      check = sa.createEngine({ driver: ep.check });
      await Base.metadata.dropAll(check);
      await Base.metadata.createAll(check);
      const setup = new Session(check);
      setup.add(new Item({ id: 1, name: "one" }));
      await setup.commit();
      await setup.close();
    });
    afterAll(async () => {
      await Base.metadata.dropAll(check).catch(() => undefined);
      await engine?.dispose();
      await check?.dispose();
      await ep?.stop();
    });

    it("raises outcomeUnknown, sends the commit once, keeps pending objects out of the identity map, expires modified ones; the session works after rollback()", async () => {
      const session = new Session(engine);
      try {
        const one = (await session.get(Item, 1))!;
        one.name = "one-changed";
        const two = new Item({ id: 2, name: "two" });
        session.add(two);

        const controller = new AbortController();
        holder.signal = controller.signal;
        void ep.holdCommit().then(() => controller.abort());
        const commits = ep.mark();
        let err: unknown;
        try {
          err = await rejection(session.commit());
        } finally {
          delete holder.signal;
        }

        expect(err).toBeInstanceOf(OperationalError);
        expect((err as OperationalError).outcomeUnknown).toBe(true);
        expect((err as Error).message).toMatch(/outcome unknown: .*may or may not have been applied; it was not retried/);
        expect(commits()).toBe(1); // sent once, not retried

        // the new object was not made persistent by a commit that may not have happened
        expect(inspectState(two).status).not.toBe("persistent");
        // nothing more until rollback(), not even an identity-map hit
        await expect(session.get(Item, 1)).rejects.toBeInstanceOf(PendingRollbackError);
        await expect(session.execute(sa.select(Item))).rejects.toBeInstanceOf(PendingRollbackError);
        await session.rollback();
        expect(inspectState(two).status).toBe("transient");
        expect(session.contains(two)).toBe(false);
        expect(inspectState(one).status).toBe("persistent");
        expect(inspectState(one).expiredKeys).toContain("name");

        // the next read reloads from the database: here the server had committed
        const before = ep.requests();
        const again = await session.get(Item, 1);
        expect(again).toBe(one);
        expect(ep.requests() - before).toBeGreaterThan(0);
        expect(one.name).toBe("one-changed");
        expect(await dbNames()).toEqual([[1, "one-changed"], [2, "two"]]);

        // the session works after rollback()
        session.add(new Item({ id: 3, name: "three" }));
        one.name = "one-again";
        await session.commit();
        expect(await dbNames()).toEqual([[1, "one-again"], [2, "two"], [3, "three"]]);
      } finally {
        await session.close();
      }
    });

    it("close() instead of rollback() after the unknown outcome leaves the new objects transient", async () => {
      const session = new Session(engine);
      const ten = new Item({ id: 10, name: "ten" });
      session.add(ten);
      const controller = new AbortController();
      holder.signal = controller.signal;
      void ep.holdCommit().then(() => controller.abort());
      try {
        const err = await rejection(session.commit());
        expect((err as OperationalError).outcomeUnknown).toBe(true);
      } finally {
        delete holder.signal;
      }
      await session.close();
      expect(inspectState(ten).status).toBe("transient");
      expect(inspectState(ten).identity).toBeNull();
    });
  });
}
