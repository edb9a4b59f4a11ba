/** The `alkahest` CLI end to end in a temp dir (SQLite): init, revision, upgrade, current, history, downgrade. */
import { execFile } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const bin = resolve(import.meta.dirname, "../../../bin/alkahest.mjs");
const dir = await mkdtemp(join(tmpdir(), "alkahest-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: `sqlite+libsql:///${join(dir, "app.db")}`, NO_COLOR: "1" } }, (error, out, err) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

describe("alkahest CLI", () => {
  it("init, revision, upgrade, current, history, downgrade, with exit codes", { timeout: 120_000 }, async () => {
    expect((await cli("init", "migrations")).code).toBe(0);
    const r1 = await cli("revision", "-m", "first", "--rev-id", "aaaaaaaaaaaa");
    expect(r1.code, r1.err).toBe(0);
    const r2 = await cli("revision", "-m", "second");
    expect(r2.code, r2.err).toBe(0);
    const files = readdirSync(join(dir, "migrations", "versions"));
    expect(files.length).toBe(2);
    expect(files).toContain("aaaaaaaaaaaa_first.ts");
    const second = files.find((f) => f !== "aaaaaaaaaaaa_first.ts")!;
    const rev2 = second.slice(0, 12);
    expect(rev2).toMatch(/^[0-9a-f]{12}$/);

    const up = await cli("upgrade", "head");
    expect(up.code, up.err).toBe(0);
    expect(up.out).toMatch(/Running upgrade <base> -> aaaaaaaaaaaa, first \.\.\. ok \(\d+ ms\)/);
    expect(up.out).toContain(`Running upgrade aaaaaaaaaaaa -> ${rev2}, second`);
    expect(up.out).not.toContain("\u001b[");

    const cur = await cli("current");
    expect(cur.code).toBe(0);
    expect(cur.out.trim()).toBe(`${rev2} (head)`);

    const hist = await cli("history");
    expect(hist.code).toBe(0);
    expect(hist.out.trim().split("\n")).toEqual([`aaaaaaaaaaaa -> ${rev2} (head), second`, "<base> -> aaaaaaaaaaaa, first"]);
    expect((await cli("history", "-r", "aaaa:head")).out.trim().split("\n").length).toBe(2);
    expect((await cli("heads")).out.trim()).toBe(`${rev2} (head)`);
    expect((await cli("show", "aaaa")).out).toContain("Rev: aaaaaaaaaaaa");

    const sql = await cli("upgrade", "head", "--sql");
    expect(sql.code).toBe(0);
    expect(sql.out).toContain("INSERT INTO alkahest_version (version_num) VALUES ('aaaaaaaaaaaa');");

    const down = await cli("downgrade", "base");
    expect(down.code, down.err).toBe(0);
    expect((await cli("current")).out.trim()).toBe("(base)");

    const bad = await cli("upgrade", "nope");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("error: No such revision or branch 'nope'");
    const unknown = await cli("frobnicate");
    expect(unknown.code).not.toBe(0);
  });
});
