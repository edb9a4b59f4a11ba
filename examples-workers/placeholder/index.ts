/** Placeholder Worker: compiles a statement with alkahest's Core and returns the SQL. */
import { Column, Integer, MetaData, Table, select } from "alkahest";

const users = new Table("users", new MetaData(), new Column("id", Integer, { primaryKey: true }));

export default {
  async fetch(): Promise<Response> {
    const { sql, params } = select(users.c.id).where(users.c.id.eq(1)).compile({ dialect: "sqlite" });
    return Response.json({ sql, params });
  },
};
