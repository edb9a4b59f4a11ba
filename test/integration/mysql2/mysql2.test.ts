/** The behavioural suites bound to the mysql2 adapter on the harness's MariaDB. */
import mysql from "mysql2/promise";
import { mysql2 } from "../../../adapters/mysql2/index.js";
import type { Mysql2Connection } from "../../../adapters/mysql2/connection.js";
import { createEngine } from "../../../src/index.js";
import { providedDatabase } from "../../support/db/provided.js";
import { bindAllSuites } from "../suites/all.js";
import { sleep, type AdapterTarget } from "../suites/target.js";

const db = providedDatabase("mariadb");
const url = "url" in db ? db.url : "mysql://x:x@127.0.0.1:1/x";
const engineURL = url.replace(/^[a-z]+:/, "mysql+mysql2:");

const target: AdapterTarget = {
  name: "mysql2",
  unavailable: "skip" in db ? db.skip : null,
  capabilities: mysql2(url).capabilities,
  makeEngine: (options = {}) => createEngine(engineURL, options),
  makeDriver: () => mysql2(url),
  makeUnreachableEngine: (options = {}) => createEngine("mysql+mysql2://nobody:pw@127.0.0.1:1/nothing", options),
  async killConnection(dc) {
    const id = (dc as Mysql2Connection).threadId;
    if (id === null) throw new Error("no thread id");
    const c = await mysql.createConnection({ uri: url });
    try {
      await c.query(`KILL CONNECTION ${Number(id)}`);
      for (let i = 0; i < 200; i++) {
        const [rows] = await c.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?", [id]);
        if (Number(rows[0]!.n) === 0) return;
        await sleep(10);
      }
      throw new Error(`thread ${id} still alive after KILL`);
    } finally {
      await c.end();
    }
  },
  sleepSQL: (s) => `SELECT SLEEP(${s})`,
};

bindAllSuites(target);
