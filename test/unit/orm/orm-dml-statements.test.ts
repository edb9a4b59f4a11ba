/** update/delete_/insert of a mapped class: the model's table and attribute keys, executionOptions, refusals. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";
import { aliased, declarativeBase, mappedColumn } from "../../../src/orm/index.js";

const Base = declarativeBase({ naming: "snake_case" });
class User extends Base.model("users", {
  id: mappedColumn(sa.Integer, { primaryKey: true }),
  loginCount: mappedColumn(sa.Integer, { default: 0 }),
  isActive: mappedColumn(sa.Boolean),
}) {
  static {
    Base.register(this);
  }
}

describe("ORM-enabled DML statements", () => {
  it("compile against the model's table with attribute keys mapped to column names", () => {
    const u = sa.update(User).where(User.isActive.eq(false)).values({ loginCount: User.loginCount.plus(1) });
    expect(u.compile({ dialect: "postgresql" }).sql).toBe("UPDATE users SET login_count = users.login_count + $1 WHERE users.is_active = $2");
    expect(sa.delete_(User).where(User.id.eq(1)).returning(User.id).compile({ dialect: "sqlite" }).sql).toBe("DELETE FROM users WHERE users.id = ? RETURNING users.id");
    expect(sa.insert(User).values({ isActive: true }).compile({ dialect: "mysql" }).sql).toBe("INSERT INTO users (is_active, login_count) VALUES (?, ?)");
    expect(u._entity).toBe(User);
    expect(sa.update(User.__table__)._entity).toBeNull();
  });

  it("executionOptions() are carried by the statement, merged, and are not part of the SQL", () => {
    const u = sa.update(User).values({ loginCount: 1 });
    const v = u.executionOptions({ synchronizeSession: "fetch" }).executionOptions({ other: 1 });
    expect(v._executionOptions).toEqual({ synchronizeSession: "fetch", other: 1 });
    expect(u._executionOptions).toEqual({});
    expect(v.compile({ dialect: "sqlite" }).sql).toBe(u.compile({ dialect: "sqlite" }).sql);
    expect(() => u.executionOptions(null as never)).toThrow(/object of options/);
  });

  it("an aliased entity is refused with the fix", () => {
    expect(() => sa.update(aliased(User) as never)).toThrow(/not an aliased entity; use the model class/);
    expect(() => sa.update({} as never)).toThrow(/Table or a mapped class/);
  });
});
