/**
 * Type-level tests for the ORM's declarative models (compiled only, by `npm run typecheck`).
 * The models refer to each other circularly by class name with a type argument, as API.md shows.
 */
import * as sa from "../../src/index.js";
import { declarativeBase, mappedColumn, relationship, Session, withPolymorphic, type ColumnAttribute, type RelationshipAttribute } from "../../src/orm/index.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const Base = declarativeBase();

const userGroups = new sa.Table("user_groups", Base.metadata,
  new sa.Column("user_id", sa.ForeignKey("users.id"), { primaryKey: true }),
  new sa.Column("group_id", sa.ForeignKey("groups.id"), { primaryKey: true }),
);

class User extends Base.model("users", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  username: mappedColumn(sa.String(50), { unique: true, index: true }),
  email: mappedColumn(sa.String(100), { nullable: true }),
  isActive: mappedColumn(sa.Boolean, { default: true }),
  loginCount: mappedColumn(sa.Integer, { default: 0 }),
  createdAt: mappedColumn(sa.DateTime, { serverDefault: sa.func.now() }),
  updatedAt: mappedColumn(sa.DateTime, { default: () => new Date(), onupdate: () => new Date() }),
  posts: relationship<Post[]>("Post", { backPopulates: "author", cascade: "all, delete-orphan" }),
  profile: relationship<Profile | null>("Profile", { backPopulates: "user", uselist: false }),
  groups: relationship<Group[]>("Group", { secondary: userGroups, backPopulates: "members" }),
}) {
  static {
    Base.register(this);
  }
  override toString() {
    return `<User ${this.username}>`;
  }
}

class Post extends Base.model("posts", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  title: mappedColumn(sa.String(200)),
  userId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
  author: relationship<User>("User", { backPopulates: "posts" }),
}) {
  static {
    Base.register(this);
  }
}

class Profile extends Base.model("profiles", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  userId: mappedColumn(sa.Integer, { foreignKey: "users.id" }),
  user: relationship<User>("User", { backPopulates: "profile" }),
}) {
  static {
    Base.register(this);
  }
}

class Group extends Base.model("groups", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  name: mappedColumn(sa.String(50)),
  members: relationship<User[]>("User", { secondary: userGroups, backPopulates: "groups" }),
}) {
  static {
    Base.register(this);
  }
}

// --- instance attributes ----------------------------------------------------------------------
const u = new User({ username: "a" });
export type I1 = Expect<Equal<typeof u.id, number>>;
export type I2 = Expect<Equal<typeof u.username, string>>;
export type I3 = Expect<Equal<typeof u.email, string | null>>;
export type I4 = Expect<Equal<typeof u.posts, Post[]>>;
export type I5 = Expect<Equal<typeof u.profile, Profile | null>>;
export type I6 = Expect<Equal<typeof u.isActive, boolean>>;
export type I7 = Expect<Equal<typeof u.createdAt, Date>>;
const p = new Post({ title: "t", author: u });
export type I8 = Expect<Equal<typeof p.author, User>>;
export type I9 = Expect<Equal<typeof p.author.posts, Post[]>>;
export type I10 = Expect<Equal<Awaited<typeof u.awaitableAttrs.posts>, Post[]>>;
const g = new Group({ name: "g", members: [u] });
export type I11 = Expect<Equal<typeof g.members, User[]>>;
u.toString();

// --- constructor checks ---------------------------------------------------------------------
// @ts-expect-error wrong attribute type
new User({ username: 42 });
// @ts-expect-error unknown attribute
new User({ nickname: "x" });
// @ts-expect-error a relationship takes the target type
new Post({ author: p });
// @ts-expect-error nullable column used as non-null
const e: string = u.email;
void e;
u.email = null;
// @ts-expect-error NOT NULL column does not accept null
u.username = null;

// --- class attributes are column expressions --------------------------------------------------
export type C1 = Expect<Equal<typeof User.username, ColumnAttribute<string>>>;
export type C2 = Expect<Equal<typeof User.email, ColumnAttribute<string | null>>>;
export type C3 = Expect<Equal<typeof User.posts, RelationshipAttribute<Post[]>>>;
const pred: sa.ColumnElement<boolean> = User.username.eq("alice");
void pred;
const colExpr: sa.ColumnElement<string> = User.username;
void colExpr;
User.email.like("%@example.com");
User.id.gt(10);
// @ts-expect-error a string is not an Integer value
User.id.eq("x");

// --- select typing ----------------------------------------------------------------------------
const s1 = sa.select(User);
export type S1 = Expect<Equal<typeof s1, sa.Select<[User]>>>;
const s2 = sa.select(User.id, User.username);
export type S2 = Expect<Equal<typeof s2, sa.Select<[number, string]>>>;
const s3 = sa.select(User, Post).join(Post, User.id.eq(Post.userId)).where(User.username.eq("a"));
export type S3 = Expect<Equal<typeof s3, sa.Select<[User, Post]>>>;
const s4 = sa.select(User.email).where(User.isActive.eq(true));
export type S4 = Expect<Equal<typeof s4, sa.Select<[string | null]>>>;

// --- session typing ---------------------------------------------------------------------------
declare const session: Session;
const got = session.get(User, 1);
export type G1 = Expect<Equal<typeof got, Promise<User | undefined>>>;
const all = session.scalars(sa.select(User)).all();
export type G2 = Expect<Equal<typeof all, Promise<User[]>>>;
const one = session.scalars(sa.select(User.username)).one();
export type G3 = Expect<Equal<typeof one, Promise<string>>>;
const first = session.scalar(sa.select(User).where(User.id.eq(1)));
export type G4 = Expect<Equal<typeof first, Promise<User | undefined>>>;

// ---- querying and loading (issue 5) ----
import { aliased, selectinload, joinedload } from "../../src/orm/index.js";
const UA = aliased(User);
export type Q1 = Expect<Equal<typeof UA.username, sa.ColumnElement<string>>>;
const aliasedRows = session.scalars(sa.select(UA).where(UA.username.eq("x"))).all();
export type Q2 = Expect<Equal<typeof aliasedRows, Promise<User[]>>>;
const tuples = session.execute(sa.select(User.id, User.email));
export type Q3 = Expect<Equal<Awaited<typeof tuples> extends sa.Result<infer R> ? R : never, [number, string | null]>>;
const counted = session.execute(sa.select(User.username, sa.func.count(Post.id).label("postCount")).join(User.posts).groupBy(User.username));
export type Q4 = Expect<Equal<Awaited<typeof counted> extends sa.Result<infer R> ? R[0] : never, string>>;
const loaded = session.scalars(sa.select(User).options(selectinload(User.posts), joinedload(User.groups))).unique().all();
export type Q5 = Expect<Equal<typeof loaded, Promise<User[]>>>;
const pair = session.execute(sa.select(User, UA).join(UA, UA.id.eq(User.id)));
export type Q6 = Expect<Equal<Awaited<typeof pair> extends sa.Result<infer R> ? R : never, [User, User]>>;

// ---- relationship options: foreignKeys, primaryjoin, postUpdate (issue 4 part 2) ----
const Base2 = declarativeBase();
class Author extends Base2.model("authors", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  isActive: mappedColumn(sa.Boolean),
  favoriteId: mappedColumn(sa.Integer, { foreignKey: "books.id", nullable: true }),
  written: relationship<Book[]>("Book", { foreignKeys: ["authorId"], backPopulates: "author" }),
  favorite: relationship<Book | null>("Book", { foreignKeys: ["favoriteId"], postUpdate: true }),
}) {
  static {
    Base2.register(this);
  }
}
class Book extends Base2.model("books", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  authorId: mappedColumn(sa.Integer, { foreignKey: "authors.id" }),
  editorId: mappedColumn(sa.Integer, { foreignKey: "authors.id", nullable: true }),
  author: relationship<Author>("Author", { foreignKeys: ["authorId"], backPopulates: "written" }),
  // the function gets both sides' columns by attribute key (table or alias), so it types without circularity
  activeEditor: relationship<Author | null>("Author", { primaryjoin: (book, author) => sa.and(book.editorId.eq(author.id), author.isActive) }),
}) {
  static {
    Base2.register(this);
  }
}
declare const book: Book;
export type R1 = Expect<Equal<typeof book.activeEditor, Author | null>>;
export type R2 = Expect<Equal<typeof book.author.written, Book[]>>;
export type R3 = Expect<Equal<typeof Book.activeEditor, RelationshipAttribute<Author | null>>>;
// a self-referential primaryjoin and a self-referential many-to-many (primaryjoin + secondaryjoin) inside the model's own body
const shelfLinks = new sa.Table("shelf_links", Base2.metadata, new sa.Column("from_id", sa.ForeignKey("shelves.id")), new sa.Column("to_id", sa.ForeignKey("shelves.id")));
class Shelf extends Base2.model("shelves", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  parentId: mappedColumn(sa.Integer, { foreignKey: "shelves.id", nullable: true }),
  active: mappedColumn(sa.Boolean),
  activeChildren: relationship<Shelf[]>("Shelf", { primaryjoin: (parent, child) => sa.and(child.parentId.eq(parent.id), child.active) }),
  near: relationship<Shelf[]>("Shelf", { secondary: shelfLinks, primaryjoin: (shelf, link) => link.from_id.eq(shelf.id), secondaryjoin: (link, other) => link.to_id.eq(other.id) }),
}) {
  static {
    Base2.register(this);
  }
}
declare const shelf: Shelf;
export type R4 = Expect<Equal<typeof shelf.activeChildren, Shelf[]>>;
export type R5 = Expect<Equal<typeof shelf.near, Shelf[]>>;
// @ts-expect-error secondaryjoin must return a SQL expression
relationship<Author>("Author", { secondary: shelfLinks, secondaryjoin: () => 1 });

// @ts-expect-error foreignKeys names attributes as strings
relationship<Author>("Author", { foreignKeys: "authorId" });
// @ts-expect-error primaryjoin must return a SQL expression
relationship<Author>("Author", { primaryjoin: () => true });
// @ts-expect-error postUpdate is a boolean
relationship<Author>("Author", { postUpdate: "yes" });

// ---- inheritance: Model.subclass(tablename | null, props, options) ----

class Employee extends Base.model("employees", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  name: mappedColumn(sa.String(50)),
  type: mappedColumn(sa.String(50)),
}, { mapperArgs: { polymorphicOn: "type", polymorphicIdentity: "employee" } }) {
  static {
    Base.register(this);
  }
  greet(): string {
    return `hi ${this.name}`;
  }
}

class Engineer extends Employee.subclass("engineers", {
  id: mappedColumn(sa.Integer, { foreignKey: "employees.id", primaryKey: true }),
  engineeringField: mappedColumn(sa.String(100)),
}, { mapperArgs: { polymorphicIdentity: "engineer" } }) {
  static {
    Base.register(this);
  }
}

class Manager extends Employee.subclass(null, { managerName: mappedColumn(sa.String(50), { nullable: true }) }, { mapperArgs: { polymorphicIdentity: "manager" } }) {
  static {
    Base.register(this);
  }
}

class ConcreteEngineer extends Employee.subclass("concrete_engineers", { level: mappedColumn(sa.Integer) }, { concrete: true, mapperArgs: { polymorphicIdentity: "concrete" } }) {
  static {
    Base.register(this);
  }
}

const eng = new Engineer({ name: "e", engineeringField: "db" });
type _inh1 = Expect<Equal<typeof eng.engineeringField, string>>;
type _inh2 = Expect<Equal<typeof eng.name, string>>;
const _greeting: string = eng.greet(); // the parent's methods are inherited
const _asEmployee: Employee = eng; // a subclass instance is a parent instance
type _inh3 = Expect<Equal<(typeof Engineer)["engineeringField"], ColumnAttribute<string>>>;
type _inh4 = Expect<Equal<(typeof Engineer)["name"], ColumnAttribute<string>>>;
type _inh5 = Expect<Equal<(typeof Manager)["managerName"], ColumnAttribute<string | null>>>;
const mgr = new Manager({ name: "m", managerName: null });
type _inh6 = Expect<Equal<typeof mgr.managerName, string | null>>;
const ce = new ConcreteEngineer({ name: "c", level: 3 });
type _inh7 = Expect<Equal<typeof ce.level, number>>;
const engRows = sa.select(Engineer.name, Engineer.engineeringField);
type _inh8 = Expect<Equal<typeof engRows extends sa.Select<infer R> ? R : never, [string, string]>>;
async function _inheritanceSession(session: Session) {
  const e = await session.get(Engineer, 1);
  type _g = Expect<Equal<typeof e, Engineer | undefined>>;
  const es = await session.scalars(sa.select(Employee)).all();
  type _s = Expect<Equal<typeof es, Employee[]>>;
  const engs = await session.scalars(sa.select(Engineer).where(Engineer.engineeringField.eq("db"))).all();
  type _e = Expect<Equal<typeof engs, Engineer[]>>;
}
void _inheritanceSession;
// aliased() of a joined subclass: the subclass's own and inherited attributes, typed
const EA = aliased(Engineer);
type _inh9 = Expect<Equal<(typeof EA)["engineeringField"], sa.ColumnElement<string>>>;
type _inh10 = Expect<Equal<(typeof EA)["name"], sa.ColumnElement<string>>>;
async function _polymorphicLoads(session: Session) {
  const aliasedEngs = await session.scalars(sa.select(EA).where(EA.engineeringField.eq("db"))).all();
  type _a = Expect<Equal<typeof aliasedEngs, Engineer[]>>;
  // the union over concrete tables is a loader option: the row type stays the base class
  const everyone = await session.scalars(sa.select(Employee).options(withPolymorphic("*"))).all();
  type _u = Expect<Equal<typeof everyone, Employee[]>>;
}
void _polymorphicLoads;
// @ts-expect-error the subclass's own attribute has its own type
new Engineer({ engineeringField: 1 });
// @ts-expect-error the parent's attribute keeps its type
new Engineer({ name: 1 });
// @ts-expect-error unknown attribute on a subclass
new Engineer({ managerName: "x" });
// @ts-expect-error a single-table sibling's attribute is not the subclass's
new Manager({ engineeringField: "db" });
// @ts-expect-error the parent has no subclass attributes
new Employee({ engineeringField: "db" });
// @ts-expect-error the table name is a string or null
Employee.subclass(1, {});
// @ts-expect-error nullable subclass column is not a string
const _notNull: string = mgr.managerName;

// ---- results, ORM-enabled DML and streaming (issue 5, parts 2-4) ----
const rowsOfColumns = session.execute(sa.select(User.id, User.username));
export type DM1 = Expect<Equal<Awaited<typeof rowsOfColumns> extends sa.Result<infer R> ? R : never, [number, string]>>;
const postCounts = session.execute(sa.select(User.id, User.username, sa.func.count(Post.id).label("postCount")).outerjoin(Post, User.id.eq(Post.userId)).groupBy(User.id, User.username));
export type DM2 = Expect<Equal<Awaited<typeof postCounts> extends sa.Result<infer R> ? R : never, [number, string, number]>>;
const countScalar = session.scalar(sa.select(sa.func.count()).selectFrom(User));
export type DM3 = Expect<Equal<typeof countScalar, Promise<number | undefined>>>;
const names = session.scalars(sa.select(User.username)).all();
export type DM4 = Expect<Equal<typeof names, Promise<string[]>>>;
const emails = session.scalars(sa.select(User.email)).oneOrNone();
export type DM5 = Expect<Equal<typeof emails, Promise<string | null | undefined>>>;
const aliasedFirst = session.scalars(sa.select(aliased(Post))).first();
export type DM6 = Expect<Equal<typeof aliasedFirst, Promise<Post | undefined>>>;
// @ts-expect-error session.get returns User | undefined, not User
const mustExist: Promise<User> = session.get(User, 1);
void mustExist;
// @ts-expect-error session.get takes a mapped class, not a table
void session.get(User.__table__, 1);
// @ts-expect-error a column of strings is not numbers
const wrongScalars: Promise<number[]> = session.scalars(sa.select(User.username)).all();
void wrongScalars;

async function streaming(): Promise<void> {
  for await (const x of session.scalars(sa.select(User)).yieldPer(100)) {
    export_(x satisfies User);
    // @ts-expect-error streamed values are Users, not Posts
    export_(x satisfies Post);
  }
  for await (const part of session.scalars(sa.select(User.id)).partitions(10)) export_(part satisfies number[]);
}
declare function export_(x: unknown): void;
void streaming;

// ORM-enabled DML: values and returning typed by the model's attributes
const upd = sa.update(User).where(User.id.eq(1)).values({ loginCount: User.loginCount.plus(1), email: null });
void session.execute(upd, undefined, { synchronizeSession: "fetch" });
void session.execute(upd, undefined, { synchronizeSession: false });
// @ts-expect-error synchronizeSession is "auto" | "fetch" | "evaluate" | false
void session.execute(upd, undefined, { synchronizeSession: "always" });
// @ts-expect-error loginCount is an Integer column
sa.update(User).values({ loginCount: "many" });
// @ts-expect-error no such attribute
sa.update(User).values({ nickname: "x" });
// @ts-expect-error username takes a string
sa.insert(User).values({ username: 5 });
const inserted = session.scalars(sa.insert(User).values([{ username: "a" }, { username: "b" }]).returning(User)).all();
export type D1 = Expect<Equal<typeof inserted, Promise<User[]>>>;
const updated = session.execute(sa.update(User).values({ isActive: false }).returning(User.id, User.username));
export type D2 = Expect<Equal<Awaited<typeof updated> extends sa.Result<infer R> ? R : never, [number, string]>>;
const deleted = session.scalars(sa.delete_(User).where(User.isActive.eq(false)).returning(User)).all();
export type D3 = Expect<Equal<typeof deleted, Promise<User[]>>>;
const plainDelete = session.execute(sa.delete_(User).where(User.id.eq(1)));
export type D4 = Expect<Equal<Awaited<typeof plainDelete>["rowcount"], number>>;

// ---- mapperArgs.withPolymorphic: the mapper-level polymorphic loading default ----
{
  const PBase = declarativeBase();
  class Shape extends PBase.model("shapes", { id: mappedColumn(sa.Integer, { primaryKey: true }) }, { mapperArgs: { withPolymorphic: "*" } }) {
    static {
      PBase.register(this);
    }
  }
  class Circle extends Shape.subclass("circles", { id: mappedColumn(sa.Integer, { foreignKey: "shapes.id", primaryKey: true }) }, { mapperArgs: { withPolymorphic: ["Dot", Shape] } }) {
    static {
      PBase.register(this);
    }
  }
  void Circle;
  // @ts-expect-error withPolymorphic takes "*" or an array of class names / classes
  PBase.model("bad1", { id: mappedColumn(sa.Integer, { primaryKey: true }) }, { mapperArgs: { withPolymorphic: "all" } });
  // @ts-expect-error not a number
  PBase.model("bad2", { id: mappedColumn(sa.Integer, { primaryKey: true }) }, { mapperArgs: { withPolymorphic: [1] } });
}
