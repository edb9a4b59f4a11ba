/**
 * Engine-level behaviour of the serverless drivers WITH interactive transactions: planetscale
 * (session-pinned HTTP; commit, rollback, savepoint, and concurrent use of one connection never
 * overlapping requests on its session — E10) and neon-ws (transaction + savepoint over WebSocket).
 */
import ws from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { planetscale } from "../../../adapters/planetscale/index.js";
import { neonWs } from "../../../adapters/neon-ws/index.js";
import type { Engine } from "../../../src/engine/engine.js";
import { providedDatabase } from "../../support/db/provided.js";
import { startPlanetscaleEndpoint, type PlanetscaleEndpoint } from "../../support/endpoints/planetscale-http.js";
import { startNeonWsProxy, type NeonWsProxy } from "../../support/endpoints/neon-ws.js";

const maria = providedDatabase("mariadb");
const pgDb = providedDatabase("postgres");

function itemsTable(name: string) {
  const metadata = new sa.MetaData();
  const items = new sa.Table(name, metadata,
    new sa.Column("id", sa.Integer, { primaryKey: true, autoincrement: false }),
    new sa.Column("name", sa.String(50), { nullable: false, unique: true }),
  );
  return { metadata, items };
}

describe.skipIf("skip" in maria)("planetscale through the engine", () => {
  const { metadata, items } = itemsTable("sl_ps_items");
  let endpoint: PlanetscaleEndpoint;
  let engine: Engine;
  const names = async () =>
    engine.connect(async (c) => (await c.execute(sa.select(items.c.name).orderBy(items.c.id))).all().map((r) => r[0]));

  beforeAll(async () => {
    endpoint = await startPlanetscaleEndpoint("url" in maria ? maria.url : "", { idleMs: 2_000 });
    engine = sa.createEngine({ driver: planetscale({ url: endpoint.url }) });
    await metadata.dropAll(engine);
    await metadata.createAll(engine);
  });
  afterAll(async () => {
    await metadata.dropAll(engine).catch(() => undefined);
    await engine?.dispose();
    await endpoint?.stop();
  });

  it("commits and rolls back interactive transactions on the pinned session, with savepoints", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(sa.insert(items).values({ id: 1, name: "committed" }));
      const sp = await conn.beginNested();
      await conn.execute(sa.insert(items).values({ id: 2, name: "undone" }));
      await sp.rollback();
    });
    await engine.begin(async (conn) => {
      await conn.execute(sa.insert(items).values({ id: 3, name: "rolled back" }));
      throw new Error("abort");
    }).catch(() => undefined);
    expect(await names()).toEqual(["committed"]);
    await expect(engine.begin((conn) => conn.execute(sa.insert(items).values({ id: 4, name: "committed" })))).rejects.toBeInstanceOf(sa.IntegrityError);
  });

  it("never sends two requests at once on one session, even under Promise.all (E10)", async () => {
    endpoint.stats.reset();
    await engine.begin(async (conn) => {
      await Promise.all(Array.from({ length: 6 }, (_, i) => conn.execute(sa.insert(items).values({ id: 10 + i, name: `p${i}` }))));
    });
    expect(endpoint.stats.overlaps).toBe(0);
    expect((await names()).length).toBe(7);
  });
});

describe.skipIf("skip" in pgDb)("neon-ws through the engine", () => {
  const { metadata, items } = itemsTable("sl_neon_ws_items");
  let proxy: NeonWsProxy;
  let engine: Engine;

  beforeAll(async () => {
    const url = "url" in pgDb ? pgDb.url : "";
    proxy = await startNeonWsProxy(url);
    engine = sa.createEngine({
      driver: neonWs({ connectionString: url, webSocketConstructor: ws, wsProxy: () => proxy.wsProxy, useSecureWebSocket: false, pipelineConnect: false }),
    });
    await metadata.dropAll(engine);
    await metadata.createAll(engine);
  });
  afterAll(async () => {
    await metadata.dropAll(engine).catch(() => undefined);
    await engine?.dispose();
    await proxy?.stop();
  });

  it("runs an interactive transaction with a savepoint", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(sa.insert(items).values({ id: 1, name: "kept" }));
      const sp = await conn.beginNested();
      await conn.execute(sa.insert(items).values({ id: 2, name: "undone" }));
      await sp.rollback();
      const seen = (await conn.execute(sa.select(items.c.name))).all().map((r) => r[0]);
      expect(seen).toEqual(["kept"]);
    });
    const after = await engine.connect(async (c) => (await c.execute(sa.select(items.c.name))).all().map((r) => r[0]));
    expect(after).toEqual(["kept"]);
  });
});
