import { describe, expect, it } from "vitest";
import * as sa from "../../../../src/index.js";
import { all } from "./helpers.js";

const { MetaData, Table, Column, Integer, DropTable } = sa;

describe("DROP TABLE", () => {
  it("plain, IF EXISTS, schema-qualified and quoted", () => {
    const md = new MetaData();
    const t = new Table("user", md, new Column("id", Integer, { primaryKey: true }));
    const s = new Table("t", md, new Column("id", Integer, { primaryKey: true }), { schema: "app" });
    expect(all(new DropTable(t))).toEqual({ postgresql: 'DROP TABLE "user"', mysql: "DROP TABLE `user`", sqlite: 'DROP TABLE "user"', mssql: "DROP TABLE [user]" });
    expect(all(new DropTable(s, { ifExists: true }))).toEqual({
      postgresql: "DROP TABLE IF EXISTS app.t",
      mysql: "DROP TABLE IF EXISTS app.t",
      sqlite: "DROP TABLE IF EXISTS app.t",
      mssql: "DROP TABLE IF EXISTS app.t",
    });
  });
});
