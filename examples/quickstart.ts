/**
 * `npm start`: a tour of alkahest's Core. Until the engine lands this prints the SQL each statement
 * compiles to on every dialect; afterwards it runs against an embedded SQLite database.
 */
import * as sa from "../src/index.js";
import { and, func, insert, or, select, update, delete_, text } from "../src/index.js";

const metadata = new sa.MetaData();
const users = new sa.Table("users", metadata,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("username", sa.String(50), { nullable: false, unique: true }),
  new sa.Column("email", sa.String(100)),
  new sa.Column("is_active", sa.Boolean, { nullable: false, default: true }),
);
const posts = new sa.Table("posts", metadata,
  new sa.Column("id", sa.Integer, { primaryKey: true }),
  new sa.Column("user_id", sa.ForeignKey("users.id", { ondelete: "CASCADE" }), { nullable: false }),
  new sa.Column("title", sa.String(200), { nullable: false }),
);

const tour: [string, sa.ClauseElement][] = [
  ["create table", new sa.CreateTable(posts)],
  ["insert many", insert(users).values([{ username: "alice", email: "a@example.com" }, { username: "bob", email: null }])],
  ["filter", select(users.c.id, users.c.username).where(and(users.c.is_active, or(users.c.email.like("%@example.com"), users.c.email.isNull())))],
  ["join + aggregate", select(users.c.username, func.count(posts.c.id).label("post_count"))
    .outerjoin(posts, users.c.id.eq(posts.c.user_id)).groupBy(users.c.username).orderBy("post_count").limit(10)],
  ["update", update(users).where(users.c.username.eq("bob")).values({ email: "b@example.com" })],
  ["delete", delete_(posts).where(posts.c.title.contains("draft"))],
  ["raw text", text("SELECT * FROM users WHERE username = :name").bindparams({ name: "alice" })],
];

for (const [title, stmt] of tour) {
  console.log(`\n-- ${title}`);
  for (const dialect of ["postgresql", "mysql", "sqlite", "mssql"] as const) {
    try {
      const { sql, params } = stmt.compile({ dialect });
      console.log(`${dialect.padEnd(10)} ${sql.replace(/\n\s*/g, " ")}${params.length ? `   -- params ${JSON.stringify(params)}` : ""}`);
    } catch (e) {
      console.log(`${dialect.padEnd(10)} (not supported: ${(e as Error).message})`);
    }
  }
}
