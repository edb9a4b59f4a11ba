/** Migrations runner on PostgreSQL (pg). */
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindRunnerSuite } from "./runner.suite.js";

const db = providedDatabase("postgres");
bindRunnerSuite({
  name: "pg",
  unavailable: "skip" in db ? db.skip : null,
  makeEngine: () => createEngine(("url" in db ? db.url : "postgres://x@127.0.0.1:1/x").replace(/^[a-z]+:/, "postgresql+pg:")),
  transactionalDdl: true,
});
