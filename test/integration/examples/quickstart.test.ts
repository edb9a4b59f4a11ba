/** `npm start`: the Core and ORM quickstarts run to completion on an embedded SQLite file and print what they should. */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../../..");
const tsx = join(root, "node_modules/.bin/tsx");
/** The printed results, without the `echo: true` lines. */
const withoutEcho = (out: string) => out.split("\n").filter((l) => !l.startsWith("[alkahest]")).join("\n");

describe("quickstarts (npm start)", () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), "alkahest-quickstart-"));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const start = (script: string) =>
    run(tsx, ["--conditions=alkahest-source", join(root, "examples", script)], { cwd, timeout: 60_000 }).then((r) => r.stdout);

  it("the Core quickstart creates, queries, updates and deletes", async () => {
    const out = withoutEcho(await start("quickstart.ts"));
    expect(out).toMatch(/posts per user:\n {2}alice: 2\n {2}bob: 0\n {2}carol: 0/);
    expect(out).toContain("updated 1 row(s), deleted 1 row(s)");
    expect(out).toMatch(/users now:\n {2}alice <alice@example.com>\n {2}bob <bob@example.com>/);
  });

  it("the ORM quickstart mirrors SQLAlchemy's: persist, select, join, change, delete", async () => {
    const echoed = await start("orm-quickstart.ts");
    expect(echoed).toContain("INSERT INTO user_account (name, fullname) VALUES (?, ?), (?, ?), (?, ?) RETURNING user_account.id");
    expect(echoed).toContain("UPDATE address SET email_address = ? WHERE address.id = ?");
    const out = withoutEcho(echoed);
    expect(out).toMatch(/users named spongebob or sandy:\n {2}User\(id=1, name=spongebob.*\n {2}User\(id=2, name=sandy/);
    expect(out).toContain("sandy's first address: Address(id=2, emailAddress=sandy@sqlalchemy.org)");
    expect(out).toMatch(
      /left in the database:\n  User\(id=1, name=spongebob, fullname=Spongebob Squarepants\): spongebob@sqlalchemy.org\n  User\(id=2, name=sandy, fullname=Sandy Cheeks\): sandy@squirrelpower.org\n*$/,
    );
  });
});
