/**
 * One round trip per Session commit (issue 6, part 4), counted at the local endpoints:
 * - neon-http: a commit that needs new parents' keys = 2 requests (sequence prefetch + batch);
 *   otherwise 1;
 * - d1 and libsql over http: 1 request, keys reserved inside the batch (`alkahest_sequence`);
 * - a failing statement rolls back the whole batch, the error names the constraint, and the
 *   session is usable after rollback();
 * - on neon-http and d1, flush() and an autoflush with pending writes raise NotSupportedError
 *   before anything is sent; reads work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { Session, declarativeBase, mappedColumn, relationship, selectinload } from "../../../src/orm/index.js";
import { neonHttp } from "../../../adapters/neon-http/index.js";
import { d1 } from "../../../adapters/d1/index.js";
import { libsql } from "../../../adapters/libsql/index.js";
import type { Driver } from "../../../src/engine/driver.js";
import type { Engine } from "../../../src/engine/engine.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startNeonHttpEndpoint } from "../../support/endpoints/neon-http.js";
import { startD1 } from "../../support/endpoints/d1.js";
import { startHranaEndpoint } from "../../support/endpoints/hrana.js";

interface Target {
  name: string;
  skip: string | null;
  /** Requests of a commit whose new children need their new parents' keys. */
  keyedCommit: number;
  batchOnly: boolean;
  start(): Promise<{ driver: Driver; requests: () => number; stop(): Promise<void> }>;
}

const pgDb = providedDatabase("postgres");
const targets: Target[] = [
  {
    name: "neon-http",
    skip: "skip" in pgDb ? pgDb.skip : null,
    keyedCommit: 2,
    batchOnly: true,
    async start() {
      const url = "url" in pgDb ? pgDb.url : "";
      const ep = await startNeonHttpEndpoint(url);
      return { driver: neonHttp({ connectionString: url, fetchEndpoint: ep.url }), requests: () => ep.stats.requests, stop: () => ep.stop() };
    },
  },
  {
    name: "d1",
    skip: null,
    keyedCommit: 1,
    batchOnly: true,
    async start() {
      const local = await startD1();
      return { driver: d1(local.db), requests: () => local.stats.requests, stop: () => local.stop() };
    },
  },
  {
    name: "libsql",
    skip: null,
    keyedCommit: 1,
    batchOnly: false,
    async start() {
      const ep = await startHranaEndpoint();
      return { driver: libsql(ep.url), requests: () => ep.stats.requests, stop: () => ep.stop() };
    },
  },
];

function models(prefix: string) {
  const Base = declarativeBase();
  class User extends Base.model(`${prefix}_users`, {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    username: mappedColumn(sa.String(50), { unique: true }),
    posts: relationship<Post[]>("Post", { backPopulates: "author", cascade: "all, delete-orphan" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Post extends Base.model(`${prefix}_posts`, {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(100), { unique: true }),
    userId: mappedColumn(sa.Integer, { foreignKey: `${prefix}_users.id` }),
    author: relationship<User>("User", { backPopulates: "posts" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Note extends Base.model(`${prefix}_notes`, {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    body: mappedColumn(sa.String(100)),
    version: mappedColumn(sa.Integer),
  }, { mapperArgs: { versionIdCol: "version" } as never }) {
    static {
      Base.register(this);
    }
  }
  /** A row cycle broken by postUpdate: a board's pinned card is one of its own cards. */
  class Board extends Base.model(`${prefix}_boards`, {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    pinnedCardId: mappedColumn(sa.Integer, { foreignKey: `${prefix}_cards.id`, nullable: true }),
    cards: relationship<Card[]>("Card", { foreignKeys: ["boardId"], cascade: "all, delete-orphan" }),
    pinned: relationship<Card | null>("Card", { foreignKeys: ["pinnedCardId"], postUpdate: true }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Card extends Base.model(`${prefix}_cards`, {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(50)),
    boardId: mappedColumn(sa.Integer, { foreignKey: `${prefix}_boards.id`, nullable: true }),
  }) {
    static {
      Base.register(this);
    }
  }
  return { Base, User, Post, Note, Board, Card };
}

for (const target of targets) {
  describe.skipIf(target.skip !== null)(`one-request Session commit on ${target.name}${target.skip ? ` (skipped: ${target.skip})` : ""}`, () => {
    const { Base, User, Post, Note, Board, Card } = models(`obc_${target.name.replace("-", "_")}`);
    let engine: Engine;
    let requests: () => number;
    let stop: () => Promise<void>;
    const titles = async () =>
      engine.connect(async (c) => (await c.execute(sa.select(Post.title).orderBy(Post.title))).all().map((r) => r[0]));

    beforeAll(async () => {
      const started = await target.start();
      requests = started.requests;
      stop = started.stop;
      engine = sa.createEngine({ driver: started.driver });
      await Base.metadata.dropAll(engine);
      await Base.metadata.createAll(engine);
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine).catch(() => undefined);
      await engine?.dispose();
      await stop?.();
    });

    it(`commits a user and 2 posts with generated keys in ${target.keyedCommit} request(s)`, async () => {
      const session = new Session(engine);
      try {
        const alice = new User({ username: "alice" });
        alice.posts.push(new Post({ title: "a1" }), new Post({ title: "a2" }));
        session.add(alice);
        const before = requests();
        await session.commit();
        expect(requests() - before).toBe(target.keyedCommit);
        expect(session.lastFlushRequests).toBe(target.keyedCommit);
        // keys and foreign keys are real numbers, and the objects are persistent
        expect(typeof alice.id).toBe("number");
        const rows = await engine.connect(async (c) => (await c.execute(sa.select(Post.id, Post.userId, Post.title).orderBy(Post.title))).all().map((r) => [...r]));
        expect(rows.map((r) => r[1])).toEqual([alice.id, alice.id]);
        expect(rows.map((r) => r[2])).toEqual(["a1", "a2"]);
        expect(session.contains(alice)).toBe(true);
      } finally {
        await session.close();
      }
    });

    it("commits a second family with keys above the first, and a new child of an existing parent in 1 request", async () => {
      const session = new Session(engine);
      try {
        const bob = new User({ username: "bob" });
        bob.posts.push(new Post({ title: "b1" }));
        session.add(bob);
        await session.commit();
        const alice = (await session.scalars(sa.select(User).where(User.username.eq("alice")).options(selectinload(User.posts))).one());
        expect(bob.id).toBeGreaterThan(alice.id);
        // a new post for an existing user: its key comes back through RETURNING in the batch
        const post = new Post({ title: "a3", author: alice });
        session.add(post);
        const before = requests();
        await session.commit();
        expect(requests() - before).toBe(1);
        expect(typeof post.id).toBe("number");
        expect(await titles()).toEqual(["a1", "a2", "a3", "b1"]);
      } finally {
        await session.close();
      }
    });

    it("commits updates only in 1 request", async () => {
      const session = new Session(engine);
      try {
        const posts = await session.scalars(sa.select(Post).where(Post.title.in(["a1", "a2"])).orderBy(Post.title)).all();
        posts[0]!.title = "a1-edited";
        posts[1]!.title = "a2-edited";
        const before = requests();
        await session.commit();
        expect(requests() - before).toBe(1);
        expect(await titles()).toEqual(["a1-edited", "a2-edited", "a3", "b1"]);
      } finally {
        await session.close();
      }
    });

    it("a unique violation in the 3rd statement writes nothing; the error names the constraint; the session is usable after rollback()", async () => {
      const session = new Session(engine);
      try {
        const bob = await session.scalars(sa.select(User).where(User.username.eq("bob"))).one();
        bob.username = "bobby"; // UPDATE users
        const carol = new User({ username: "carol" }); // INSERT users
        carol.posts.push(new Post({ title: "b1" })); // INSERT posts: duplicate title
        session.add(carol);
        const err = await session.commit().then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(sa.IntegrityError);
        expect(String((err as Error).message)).toMatch(/title/);
        expect(String((err as Error).message)).toMatch(/rolled back/);
        await expect(session.scalars(sa.select(User)).all()).rejects.toBeInstanceOf(sa.PendingRollbackError);
        await session.rollback();
        expect(session.contains(carol)).toBe(false);
        expect(carol.id).toBeUndefined();
        const names = await session.scalars(sa.select(User.username).orderBy(User.username)).all();
        expect(names).toEqual(["alice", "bob"]);
        expect(await titles()).toEqual(["a1-edited", "a2-edited", "a3", "b1"]);
        // and the session commits again
        carol.posts.splice(0, 1, new Post({ title: "c1" }));
        session.add(carol);
        await session.commit();
        expect(await titles()).toEqual(["a1-edited", "a2-edited", "a3", "b1", "c1"]);
      } finally {
        await session.close();
      }
    });

    it("a stale versioned UPDATE is found from the batch's row counts: StaleDataError after the commit, other rows written", async () => {
      const setup = new Session(engine);
      setup.addAll([new Note({ body: "n1" }), new Note({ body: "n2" })]);
      await setup.commit();
      await setup.close();
      const a = new Session(engine);
      const b = new Session(engine);
      try {
        const [a1] = await a.scalars(sa.select(Note).where(Note.body.eq("n1"))).all();
        const [b1, b2] = await b.scalars(sa.select(Note).orderBy(Note.body)).all();
        a1!.body = "n1 by a";
        await a.commit();
        b1!.body = "n1 by b"; // stale: version 1 is gone
        b2!.body = "n2 by b";
        const err = await b.commit().then(() => null, (e: unknown) => e);
        // (libsql too: no transaction was open, so its commit is one batch as well)
        expect(err).toBeInstanceOf(sa.StaleDataError);
        expect(String((err as Error).message)).toMatch(/other statements were committed/);
        const bodies = await engine.connect(async (c) => (await c.execute(sa.select(Note.body).orderBy(Note.body))).all().map((r) => r[0]));
        expect(bodies).toEqual(["n1 by a", "n2 by b"]);
        // the session is clean and usable
        expect(b.dirty).toEqual([]);
        expect((await b.scalars(sa.select(Note)).all()).length).toBe(2);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it(`a row cycle broken by postUpdate commits in ${target.keyedCommit} request(s): INSERTs, then the second UPDATE, in one batch`, async () => {
      const session = new Session(engine, { expireOnCommit: false });
      try {
        const card = new Card({ title: "todo" });
        const board = new Board({ name: "b", cards: [card, new Card({ title: "done" })] });
        board.pinned = card; // boards.pinned_card_id → cards.id, cards.board_id → boards.id
        session.add(board);
        const before = requests();
        await session.commit();
        expect(requests() - before).toBe(target.keyedCommit);
        expect(typeof board.id).toBe("number");
        expect(typeof card.id).toBe("number");
        expect(board.pinnedCardId).toBe(card.id);
        const row = await engine.connect(async (c) => (await c.execute(sa.select(Board.pinnedCardId).where(Board.id.eq(board.id)))).one());
        expect(row[0]).toBe(card.id);
        const boardIds = await engine.connect(async (c) => (await c.execute(sa.select(Card.boardId).orderBy(Card.title))).all().map((r) => r[0]));
        expect(boardIds).toEqual([board.id, board.id]);
        // re-pointing the reference on persistent rows: one UPDATE in one request
        const done = board.cards.find((c) => c.title === "done")!;
        board.pinned = done;
        const mid = requests();
        await session.commit();
        expect(requests() - mid).toBe(1);
        expect(await engine.connect(async (c) => (await c.execute(sa.select(Board.pinnedCardId).where(Board.id.eq(board.id)))).scalarOne())).toBe(done.id);
        // deleting the board nulls the reference before the DELETEs, in the same batch
        await session.delete(board);
        const del = requests();
        await session.commit();
        expect(requests() - del).toBe(1);
        expect(await engine.connect(async (c) => (await c.execute(sa.select(sa.func.count(Board.id)))).scalarOne())).toBe(0);
      } finally {
        await session.close();
      }
    });

    if (target.batchOnly) {
      it("flush() and an autoflush with pending writes raise NotSupportedError before sending anything; reads work", async () => {
        const session = new Session(engine);
        try {
          expect((await session.scalars(sa.select(User).where(User.username.eq("alice"))).all()).length).toBe(1);
          session.add(new User({ username: "dave" }));
          const before = requests();
          const err = await session.flush().then(() => null, (e: unknown) => e);
          expect(err).toBeInstanceOf(sa.NotSupportedError);
          expect(String((err as Error).message)).toMatch(/session\.commit\(\)/);
          if (target.name === "neon-http") expect(String((err as Error).message)).toMatch(/neon-ws/);
          const auto = await session.scalars(sa.select(User)).all().then(() => null, (e: unknown) => e);
          expect(auto).toBeInstanceOf(sa.NotSupportedError);
          expect(String((auto as Error).message)).toMatch(/autoflush: false/);
          expect(requests()).toBe(before);
          // nothing pending was lost: the commit writes it
          await session.commit();
          expect(await engine.connect(async (c) => (await c.execute(sa.select(User.id).where(User.username.eq("dave")))).all().length)).toBe(1);
        } finally {
          await session.close();
        }
      });
    } else {
      it("flush() still works (interactive transaction), and the commit after it is an ordinary COMMIT", async () => {
        const session = new Session(engine);
        try {
          session.add(new User({ username: "dave" }));
          await session.flush();
          expect(session.inTransaction()).toBe(true);
          expect((await session.scalars(sa.select(User).where(User.username.eq("dave"))).all()).length).toBe(1);
          await session.rollback();
          expect((await session.scalars(sa.select(User).where(User.username.eq("dave"))).all()).length).toBe(0);
        } finally {
          await session.close();
        }
      });
    }
  });
}
