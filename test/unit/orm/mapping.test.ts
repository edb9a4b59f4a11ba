import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { LazyLoadError, declarativeBase, inspectState, mappedColumn, relationship } from "../../../src/orm/index.js";
import { stateOf } from "../../../src/orm/session/instance-state.js";

function models() {
  const Base = declarativeBase();
  class User extends Base.model("users", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    name: mappedColumn(sa.String(50)),
    email: mappedColumn(sa.String(100), { nullable: true, name: "email_address" }),
    posts: relationship<Post[]>("Post", { backPopulates: "author" }),
  }) {
    static {
      Base.register(this);
    }
  }
  class Post extends Base.model("posts", {
    id: mappedColumn(sa.Integer, { primaryKey: true }),
    userId: mappedColumn(sa.Integer, { foreignKey: "users.id", nullable: true }),
    author: relationship<User | null>("User", { backPopulates: "posts" }),
  }) {
    static {
      Base.register(this);
    }
  }
  return { Base, User, Post };
}

describe("declarative mapping", () => {
  it("class attributes are the table's columns and compile like them", () => {
    const { User } = models();
    expect(User.__table__.columns).toContain(User.email);
    expect(User.email.name).toBe("email_address");
    expect(User.name.eq("x").compile({ dialect: "postgresql" }).sql).toBe('users.name = $1');
    expect(sa.select(User).where(User.email.isNull()).compile({ dialect: "sqlite" }).sql).toBe(
      "SELECT users.id, users.name, users.email_address FROM users WHERE users.email_address IS NULL",
    );
    // an attribute called `name` is reachable on the class despite Function.prototype.name
    expect(User.name.key).toBe("name");
  });

  it("mapped columns are NOT NULL unless nullable: true", () => {
    const { User } = models();
    expect(User.name.nullable).toBe(false);
    expect(User.email.nullable).toBe(true);
  });

  it("the constructor rejects unknown attributes", () => {
    const { User } = models();
    expect(() => new User({ nick: "x" } as never)).toThrow(/User has no attribute "nick"/);
  });

  it("backPopulates keeps both sides in sync in memory, including re-parenting and removal", () => {
    const { User, Post } = models();
    const a = new User({ name: "a" });
    const b = new User({ name: "b" });
    const p = new Post();
    a.posts.push(p);
    expect(p.author).toBe(a);
    p.author = b;
    expect(a.posts).toEqual([]);
    expect(b.posts).toEqual([p]);
    b.posts.pop();
    expect(p.author).toBeNull();
    b.posts = [p];
    expect(p.author).toBe(b);
    expect(inspectState(b).status).toBe("transient");
  });

  it("a persistent-looking object raises LazyLoadError for an unloaded relationship and names the fixes", () => {
    const { User } = models();
    const u = new User({ name: "a" });
    const st = stateOf(u);
    st.identity = "k";
    st.status = "persistent";
    expect(() => u.posts).toThrow(LazyLoadError);
    expect(() => u.posts).toThrow(/awaitableAttrs\.posts.*selectinload\(User\.posts\)/);
  });

  it("a relationship to an unknown class fails on configure, naming the fix", () => {
    const Base = declarativeBase();
    class A extends Base.model("a", { id: mappedColumn(sa.Integer, { primaryKey: true }), b: relationship<unknown>("B") }) {
      static {
        Base.register(this);
      }
    }
    void A;
    expect(() => Base.registry.configure()).toThrow(/no registered class named "B".*Base\.register/);
  });

  it("two foreign keys to the same table need foreignKeys", () => {
    const Base = declarativeBase();
    class U extends Base.model("u", { id: mappedColumn(sa.Integer, { primaryKey: true }) }) {
      static {
        Base.register(this);
      }
    }
    class M extends Base.model("m", {
      id: mappedColumn(sa.Integer, { primaryKey: true }),
      fromId: mappedColumn(sa.Integer, { foreignKey: "u.id" }),
      toId: mappedColumn(sa.Integer, { foreignKey: "u.id" }),
      sender: relationship<U>("U"),
      receiver: relationship<U>("U", { foreignKeys: ["toId"] }),
    }) {
      static {
        Base.register(this);
      }
    }
    void M;
    expect(() => Base.registry.configure()).toThrow(/M\.sender: several foreign keys could be used \(m\.fromId → u\.id, m\.toId → u\.id\); give foreignKeys: \["fromId"\]/);
  });

  it("snake_case naming and registering twice", () => {
    const Base = declarativeBase({ naming: "snake_case" });
    const Gen = Base.model("t", { id: mappedColumn(sa.Integer, { primaryKey: true }), createdAt: mappedColumn(sa.DateTime) });
    class T extends Gen {
      static {
        Base.register(this);
      }
    }
    expect(T.createdAt.name).toBe("created_at");
    expect(() => {
      class T2 extends Gen {
        static {
          Base.register(this);
        }
      }
      void T2;
    }).toThrow(/both extend the same Base\.model/);
  });
});
