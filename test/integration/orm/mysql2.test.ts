/** The ORM suites bound to the mysql2 adapter on the harness's MariaDB. */
import { mysql2 } from "../../../adapters/mysql2/index.js";
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindOrmSuites } from "../suites/orm-all.js";
import type { AdapterTarget } from "../suites/target.js";

const db = providedDatabase("mariadb");
const url = "url" in db ? db.url : "mysql://x:x@127.0.0.1:1/x";
const engineURL = url.replace(/^[a-z]+:/, "mysql+mysql2:");

const target: AdapterTarget = {
  name: "mysql2",
  unavailable: "skip" in db ? db.skip : null,
  capabilities: mysql2(url).capabilities,
  makeEngine: (options = {}) => createEngine(engineURL, options),
  makeDriver: () => mysql2(url),
};

bindOrmSuites(target);
