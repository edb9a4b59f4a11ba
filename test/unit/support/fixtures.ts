/**
 * Shared schema for compile tests: orgs ← users ← posts, with a boolean column, a camelCase
 * column and a reserved-word column (`order`).
 */
import * as sa from "../../../src/index.js";

const { MetaData, Table, Column, Integer, ForeignKey, DateTime } = sa;

export function makeSchema() {
  const metadata = new MetaData();
  const orgs = new Table("orgs", metadata,
    new Column("id", Integer, { primaryKey: true }),
    new Column("title", sa.String(100), { nullable: false }),
  );
  const users = new Table("users", metadata,
    new Column("id", Integer, { primaryKey: true }),
    new Column("name", sa.String(50), { nullable: false }),
    new Column("email", sa.String(100)),
    new Column("isActive", sa.Boolean, { nullable: false }),
    new Column("loginCount", Integer),
    new Column("org_id", ForeignKey("orgs.id", { ondelete: "CASCADE" })),
    new Column("createdAt", DateTime),
  );
  const posts = new Table("posts", metadata,
    new Column("id", Integer, { primaryKey: true }),
    new Column("user_id", Integer, ForeignKey("users.id")),
    new Column("title", sa.String(200), { nullable: false }),
    new Column("order", Integer),
    new Column("score", Integer),
  );
  return { metadata, orgs, users, posts };
}

export const { metadata, orgs, users, posts } = makeSchema();
