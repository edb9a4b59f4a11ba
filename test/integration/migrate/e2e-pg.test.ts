/** Migrations end to end on PostgreSQL (pg): scripts written by compareMetadata + renderMigration, loaded from files. */
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindE2ESuite } from "./e2e.suite.js";

const db = providedDatabase("postgres");
bindE2ESuite({
  name: "pg",
  unavailable: "skip" in db ? db.skip : null,
  makeEngine: () => createEngine(("url" in db ? db.url : "postgres://x@127.0.0.1:1/x").replace(/^[a-z]+:/, "postgresql+pg:")),
  transactionalDdl: true,
  authoring: "files",
});
