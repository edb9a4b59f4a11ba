/** The libSQL example's models: users and their posts (SQLite through libSQL / Turso). */
import * as sa from "alkahest";
import { declarativeBase, mappedColumn, relationship } from "alkahest/orm";

export const Base = declarativeBase();

export class User extends Base.model("users", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  username: mappedColumn(sa.String(50), { unique: true }),
  posts: relationship<Post[]>("Post", { backPopulates: "author", cascade: "all, delete-orphan" }),
}) {
  static {
    Base.register(this);
  }
}

export class Post extends Base.model("posts", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  title: mappedColumn(sa.String(200)),
  userId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
  author: relationship<User>("User", { backPopulates: "posts" }),
}) {
  static {
    Base.register(this);
  }
}
