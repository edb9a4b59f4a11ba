/** Reflection and autogenerate on a libsql SQLite file. */
import { afterAll } from "vitest";
import { libsql } from "../../../adapters/libsql/index.js";
import { createEngine } from "../../../src/index.js";
import { tempSqliteFile } from "../../support/db/sqlite.js";
import { bindReflectionSuite } from "./reflection.suite.js";

const file = await tempSqliteFile("reflection.db");
afterAll(() => file.remove());

bindReflectionSuite({
  name: "lite",
  unavailable: null,
  makeEngine: () => createEngine({ driver: libsql(file.url) }),
});
