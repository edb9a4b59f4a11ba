/**
 * Core models for the migrations end-to-end suite (`e2e.suite.ts`), in two versions: version 2
 * adds a column, drops an index, makes a column NOT NULL and adds a table with a foreign key, and
 * leaves one table untouched. Every table name starts with `p` (databases are shared by all
 * integration files). Also imported by the `alkahest.config.ts` the CLI flow writes.
 */
import * as sa from "../../../src/index.js";

export function e2eModels(p: string, version: 1 | 2): sa.MetaData {
  const md = new sa.MetaData();
  const v2 = version === 2;
  new sa.Table(
    `${p}_user`,
    md,
    new sa.Column("id", sa.Integer, { primaryKey: true }),
    new sa.Column("email", sa.String(100), { nullable: false }),
    new sa.Column("name", sa.String(50), { nullable: false, serverDefault: "anon" }),
    new sa.Column("score", sa.Integer, { nullable: false, serverDefault: sa.text("0") }),
    ...(v2 ? [new sa.Column("bio", sa.String(200))] : []),
    sa.UniqueConstraint("email", { name: `uq_${p}_user_email` }),
    sa.Index(`ix_${p}_user_name`, "name"),
  );
  new sa.Table(
    `${p}_post`,
    md,
    new sa.Column("id", sa.Integer, { primaryKey: true }),
    new sa.Column("user_id", sa.Integer, { nullable: false }),
    new sa.Column("title", sa.String(200), { nullable: !v2 }),
    new sa.Column("body", sa.Text),
    sa.ForeignKeyConstraint(["user_id"], [`${p}_user.id`], { name: `fk_${p}_post_user` }),
    ...(v2 ? [] : [sa.Index(`ix_${p}_post_title`, "title")]),
  );
  new sa.Table(
    `${p}_stable`,
    md,
    new sa.Column("id", sa.Integer, { primaryKey: true }),
    new sa.Column("label", sa.String(20), { nullable: false, serverDefault: "x" }),
    sa.Index(`ix_${p}_stable_label`, "label", { unique: true }),
  );
  if (v2) {
    new sa.Table(
      `${p}_comment`,
      md,
      new sa.Column("id", sa.Integer, { primaryKey: true }),
      new sa.Column("post_id", sa.Integer, { nullable: false }),
      new sa.Column("text", sa.String(500)),
      sa.ForeignKeyConstraint(["post_id"], [`${p}_post.id`], { name: `fk_${p}_comment_post` }),
    );
  }
  return md;
}
