/** Reflection and autogenerate on the harness's MariaDB. */
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindReflectionSuite } from "./reflection.suite.js";

const db = providedDatabase("mariadb");
bindReflectionSuite({
  name: "maria",
  unavailable: "skip" in db ? db.skip : null,
  makeEngine: () => createEngine(("url" in db ? db.url : "").replace(/^[a-z]+:/, "mysql+mysql2:")),
});
