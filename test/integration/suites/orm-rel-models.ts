/**
 * Models of the relationship suite: two foreign keys between the same tables (foreignKeys /
 * primaryjoin), a row cycle broken by postUpdate (Person.favoritePost ↔ Article.author), an
 * association object with a composite key (Membership), database-side cascades (passiveDeletes),
 * a relationship without the merge cascade, a cycle without postUpdate (Widget ↔ Entry), and a
 * self-referential table with primaryjoins and a self-referential many-to-many (Category).
 */
import * as sa from "../../../src/index.js";
import { declarativeBase, mappedColumn, relationship } from "../../../src/orm/index.js";

export function makeRelModels(prefix: string) {
  const Base = declarativeBase({ naming: "snake_case" });
  const t = (n: string) => `${prefix}_${n}`;

  class Person extends Base.model(t("people"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    isActive: mappedColumn(sa.Boolean, { default: true }),
    favoritePostId: mappedColumn(sa.Integer, { foreignKey: `${t("articles")}.id`, nullable: true }),
    authored: relationship<Article[]>("Article", { foreignKeys: ["authorId"], backPopulates: "author", orderBy: ["title"] }),
    edited: relationship<Article[]>("Article", { foreignKeys: ["editorId"], backPopulates: "editor", orderBy: ["title"] }),
    /** Only the articles whose title starts with "pub": a primaryjoin with a criterion on the target. */
    published: relationship<Article[]>("Article", {
      primaryjoin: (person, article) => sa.and(article.authorId.eq(person.id), article.title.like("pub%")),
      orderBy: ["title"],
    }),
    favoritePost: relationship<Article | null>("Article", { foreignKeys: ["favoritePostId"], postUpdate: true }),
    memberships: relationship<Membership[]>("Membership", { backPopulates: "person", cascade: "all, delete-orphan" }),
    notes: relationship<Note[]>("Note", { cascade: "save-update" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Article extends Base.model(t("articles"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(50)),
    authorId: mappedColumn(sa.Integer, { foreignKey: `${t("people")}.id`, nullable: true }),
    editorId: mappedColumn(sa.Integer, { foreignKey: `${t("people")}.id`, nullable: true }),
    author: relationship<Person | null>("Person", { foreignKeys: ["authorId"], backPopulates: "authored" }),
    editor: relationship<Person | null>("Person", { foreignKeys: ["editorId"], backPopulates: "edited" }),
    /** The editor only while active. */
    activeEditor: relationship<Person | null>("Person", { primaryjoin: (article, person) => sa.and(article.editorId.eq(person.id), person.isActive) }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Club extends Base.model(t("clubs"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    memberships: relationship<Membership[]>("Membership", { backPopulates: "club", cascade: "all, delete-orphan" }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** Association object: composite primary key of two foreign keys, plus a column of its own. */
  class Membership extends Base.model(t("memberships"), {
    personId: mappedColumn(sa.Integer, { foreignKey: `${t("people")}.id`, primaryKey: true }),
    clubId: mappedColumn(sa.Integer, { foreignKey: `${t("clubs")}.id`, primaryKey: true }),
    role: mappedColumn(sa.String(20)),
    person: relationship<Person>("Person", { backPopulates: "memberships" }),
    club: relationship<Club>("Club", { backPopulates: "memberships" }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Note extends Base.model(t("notes"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    text: mappedColumn(sa.String(50)),
    personId: mappedColumn(sa.Integer, { foreignKey: `${t("people")}.id`, nullable: true }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** The database deletes a forum's threads (ON DELETE CASCADE); the ORM leaves them alone. */
  class Forum extends Base.model(t("forums"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    threads: relationship<Thread[]>("Thread", { backPopulates: "forum", cascade: "all, delete-orphan", passiveDeletes: true }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Thread extends Base.model(t("threads"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    title: mappedColumn(sa.String(50)),
    forumId: mappedColumn(sa.Integer, sa.ForeignKey(`${t("forums")}.id`, { ondelete: "CASCADE" })),
    forum: relationship<Forum>("Forum", { backPopulates: "threads" }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** A cycle without postUpdate: a widget's favourite entry is one of its own entries. */
  class Widget extends Base.model(t("widgets"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    favoriteEntryId: mappedColumn(sa.Integer, { foreignKey: `${t("entries")}.id`, nullable: true }),
    entries: relationship<Entry[]>("Entry", { foreignKeys: ["widgetId"] }),
    favoriteEntry: relationship<Entry | null>("Entry", { foreignKeys: ["favoriteEntryId"] }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Entry extends Base.model(t("entries"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    widgetId: mappedColumn(sa.Integer, { foreignKey: `${t("widgets")}.id`, nullable: true }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** The same cycle broken on the one-to-many side: a part's gadget key is written by post-update. */
  class Gadget extends Base.model(t("gadgets"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    mainPartId: mappedColumn(sa.Integer, { foreignKey: `${t("parts")}.id`, nullable: true }),
    parts: relationship<Part[]>("Part", { foreignKeys: ["gadgetId"], postUpdate: true, cascade: "all, delete-orphan" }),
    mainPart: relationship<Part | null>("Part", { foreignKeys: ["mainPartId"] }),
  }) {
    static {
      Base.register(this);
    }
  }

  class Part extends Base.model(t("parts"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    gadgetId: mappedColumn(sa.Integer, { foreignKey: `${t("gadgets")}.id`, nullable: true }),
  }) {
    static {
      Base.register(this);
    }
  }

  /** A versioned row in a post-update cycle: a document pins one of its own revisions. */
  class Doc extends Base.model(
    t("docs"),
    {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      title: mappedColumn(sa.String(50)),
      version: mappedColumn(sa.Integer),
      edits: mappedColumn(sa.Integer, { default: 0, onupdate: () => 1 }),
      pinnedId: mappedColumn(sa.Integer, { foreignKey: `${t("revisions")}.id`, nullable: true }),
      revisions: relationship<Revision[]>("Revision", { foreignKeys: ["docId"], backPopulates: "doc" }),
      pinned: relationship<Revision | null>("Revision", { foreignKeys: ["pinnedId"], postUpdate: true }),
    },
    { mapperArgs: { versionIdCol: "version" } },
  ) {
    static {
      Base.register(this);
    }
  }

  class Revision extends Base.model(t("revisions"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    body: mappedColumn(sa.String(50)),
    docId: mappedColumn(sa.Integer, { foreignKey: `${t("docs")}.id`, nullable: true }),
    doc: relationship<Doc | null>("Doc", { foreignKeys: ["docId"], backPopulates: "revisions" }),
  }) {
    static {
      Base.register(this);
    }
  }

  const categoryLinks = new sa.Table(t("category_links"), Base.metadata,
    new sa.Column("from_id", sa.ForeignKey(`${t("categories")}.id`), { primaryKey: true }),
    new sa.Column("to_id", sa.ForeignKey(`${t("categories")}.id`), { primaryKey: true }),
  );

  /** An adjacency list with primaryjoins (a criterion on the target), and a self-referential many-to-many. */
  class Category extends Base.model(t("categories"), {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    active: mappedColumn(sa.Boolean, { default: true }),
    parentId: mappedColumn(sa.Integer, { foreignKey: `${t("categories")}.id`, nullable: true }),
    activeChildren: relationship<Category[]>("Category", { primaryjoin: (parent, child) => sa.and(child.parentId.eq(parent.id), child.active), orderBy: ["name"] }),
    parent: relationship<Category | null>("Category", { primaryjoin: (child, parent) => child.parentId.eq(parent.id), remoteSide: ["id"] }),
    activeRelated: relationship<Category[]>("Category", {
      secondary: categoryLinks,
      primaryjoin: (cat, link) => link.from_id!.eq(cat.id),
      secondaryjoin: (link, other) => sa.and(link.to_id!.eq(other.id), other.active),
      orderBy: ["name"],
    }),
  }) {
    static {
      Base.register(this);
    }
  }

  return { Base, Person, Article, Club, Membership, Note, Forum, Thread, Widget, Entry, Gadget, Part, Doc, Revision, Category, categoryLinks };
}

export type RelModels = ReturnType<typeof makeRelModels>;
