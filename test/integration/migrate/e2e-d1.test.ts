/**
 * Migrations end to end on D1 (miniflare): no interactive transactions, so each migration goes out
 * as one atomic batch; the scripts are handed to the Migrator as bundled modules, as in a Worker.
 */
import { d1 } from "../../../adapters/d1/index.js";
import { createEngine } from "../../../src/index.js";
import { startD1, type LocalD1 } from "../../support/endpoints/d1.js";
import { bindE2ESuite } from "./e2e.suite.js";

let local: LocalD1 | null = null;
bindE2ESuite({
  name: "d1",
  unavailable: null,
  async makeEngine() {
    local = await startD1();
    return createEngine({ driver: d1(local.db) });
  },
  transactionalDdl: true,
  authoring: "bundled",
  teardown: async () => {
    await local?.stop();
  },
});
