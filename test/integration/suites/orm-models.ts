/** Models shared by the ORM suites; table names carry a per-suite, per-adapter prefix (databases are shared). */
import * as sa from "../../../src/index.js";
import { declarativeBase, mappedColumn, relationship } from "../../../src/orm/index.js";

export function makeModels(prefix: string) {
  const Base = declarativeBase({ naming: "snake_case" });
  const t = (n: string) => `${prefix}_${n}`;

  const userGroups = new sa.Table(t("user_groups"), Base.metadata,
    new sa.Column("user_id", sa.ForeignKey(`${t("users")}.id`), { primaryKey: true }),
    new sa.Column("group_id", sa.ForeignKey(`${t("groups")}.id`), { primaryKey: true }),
  );

  class User extends Base.model(t("users"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    username: mappedColumn(sa.String(50), { unique: true }),
    email: mappedColumn(sa.String(100), { nullable: true }),
    isActive: mappedColumn(sa.Boolean, { default: true }),
    loginCount: mappedColumn(sa.Integer, { default: 0 }),
    posts: relationship<Post[]>("Post", { backPopulates: "author", cascade: "all, delete-orphan", orderBy: ["-title"] }),
    groups: relationship<Group[]>("Group", { secondary: userGroups, backPopulates: "members" }),
    profile: relationship<Profile | null>("Profile", { backPopulates: "user", uselist: false, cascade: "all, delete-orphan" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Post extends Base.model(t("posts"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(200)),
    userId: mappedColumn(sa.Integer, { foreignKey: `${t("users")}.id`, nullable: true }),
    author: relationship<User | null>("User", { backPopulates: "posts" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Group extends Base.model(t("groups"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    members: relationship<User[]>("User", { secondary: userGroups, backPopulates: "groups" }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** One-to-one with User (uselist: false on the one-to-many side). */
  class Profile extends Base.model(t("profiles"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    bio: mappedColumn(sa.String(100)),
    userId: mappedColumn(sa.Integer, { foreignKey: `${t("users")}.id` }),
    user: relationship<User>("User", { backPopulates: "profile" }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** Self-referential: a node's parent and children. */
  class Node extends Base.model(t("nodes"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    parentId: mappedColumn(sa.Integer, { foreignKey: `${t("nodes")}.id`, nullable: true }),
    parent: relationship<Node | null>("Node", { remoteSide: ["id"], backPopulates: "children" }),
    children: relationship<Node[]>("Node", { backPopulates: "parent" }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** Natural key, composite primary key, version counter, client defaults. */
  class Item extends Base.model(t("items"), {
    sku: mappedColumn(sa.String(20), { primaryKey: true }),
    region: mappedColumn(sa.String(5), { primaryKey: true }),
    qty: mappedColumn(sa.Integer),
    version: mappedColumn(sa.Integer),
    note: mappedColumn(sa.String(50), { nullable: true, onupdate: () => "updated" }),
  }, { mapperArgs: { versionIdCol: "version" } }) {
    static {
      Base.register(this);
    }
  }

  return { Base, User, Post, Group, Node, Item, Profile, userGroups };
}

export type Models = ReturnType<typeof makeModels>;
