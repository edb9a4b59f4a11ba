/** The ORM suites bound to the libsql adapter on a temporary SQLite file. */
import { afterAll } from "vitest";
import { libsql } from "../../../adapters/libsql/index.js";
import { createEngine } from "../../../src/index.js";
import { tempSqliteFile } from "../../support/db/sqlite.js";
import { bindOrmSuites } from "../suites/orm-all.js";
import type { AdapterTarget } from "../suites/target.js";

const file = await tempSqliteFile("orm-suites.db");
afterAll(() => file.remove());

const target: AdapterTarget = {
  name: "libsql",
  unavailable: null,
  capabilities: libsql(file.url).capabilities,
  makeEngine: ({ connectArgs, ...options } = {}) => createEngine({ ...options, driver: libsql({ ...connectArgs, url: file.url }) }),
  makeDriver: () => libsql(file.url),
};

bindOrmSuites(target);
