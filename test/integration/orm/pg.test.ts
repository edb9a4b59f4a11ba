/** The ORM suites bound to the pg adapter on the harness's PostgreSQL. */
import { pg } from "../../../adapters/pg/index.js";
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindOrmSuites } from "../suites/orm-all.js";
import type { AdapterTarget } from "../suites/target.js";

const db = providedDatabase("postgres");
const url = "url" in db ? db.url : "postgres://x:x@127.0.0.1:1/x";
const engineURL = url.replace(/^[a-z]+:/, "postgresql+pg:");

const target: AdapterTarget = {
  name: "pg",
  unavailable: "skip" in db ? db.skip : null,
  capabilities: pg(url).capabilities,
  makeEngine: (options = {}) => createEngine(engineURL, options),
  makeDriver: () => pg(url),
};

bindOrmSuites(target);
