/** Migrations end to end on SQLite (libsql file) through the `alkahest` CLI in a temp project. */
import { createEngine } from "../../../src/index.js";
import { tempSqliteFile } from "../../support/db/sqlite.js";
import { bindE2ESuite } from "./e2e.suite.js";

const file = await tempSqliteFile("e2e.db");
const url = `sqlite+libsql:///${file.path}`;
bindE2ESuite({
  name: "sqlite",
  unavailable: null,
  makeEngine: () => createEngine(url),
  transactionalDdl: true,
  authoring: "cli",
  url,
  teardown: () => file.remove(),
});
