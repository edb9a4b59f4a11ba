/** Migrations runner on MariaDB (mysql2): DDL is not transactional, migrations go one at a time. */
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindRunnerSuite } from "./runner.suite.js";

const db = providedDatabase("mariadb");
bindRunnerSuite({
  name: "mariadb",
  unavailable: "skip" in db ? db.skip : null,
  makeEngine: () => createEngine(("url" in db ? db.url : "mysql://x@127.0.0.1:1/x").replace(/^[a-z]+:/, "mysql+mysql2:")),
  transactionalDdl: false,
});
