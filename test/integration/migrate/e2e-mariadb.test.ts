/** Migrations end to end on MariaDB (mysql2): scripts written by compareMetadata + renderMigration, loaded from files. */
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindE2ESuite } from "./e2e.suite.js";

const db = providedDatabase("mariadb");
bindE2ESuite({
  name: "mariadb",
  unavailable: "skip" in db ? db.skip : null,
  makeEngine: () => createEngine(("url" in db ? db.url : "mysql://x@127.0.0.1:1/x").replace(/^[a-z]+:/, "mysql+mysql2:")),
  transactionalDdl: false,
  authoring: "files",
});
