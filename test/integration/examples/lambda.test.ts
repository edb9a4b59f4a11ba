/**
 * examples/lambda: the handler invoked repeatedly in one process, as warm Lambda invocations are.
 * One connection serves every warm invocation (StaticPool); after `pg_terminate_backend` of that
 * connection between invocations, the next one still succeeds on a new connection (scenario E04).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providedDatabase } from "../../support/db/provided.js";

const db = providedDatabase("postgres");

describe.skipIf("skip" in db)("Lambda example: module-scope engine across invocations", () => {
  let lambda: typeof import("../../../examples/lambda/handler.js");
  let admin: pg.Client;
  const saved = { fn: process.env.AWS_LAMBDA_FUNCTION_NAME, url: process.env.DATABASE_URL };
  const invoke = async () => {
    const r = await lambda.handler({ name: "test" });
    expect(r.statusCode).toBe(200);
    return JSON.parse(r.body) as { hello: string; pid: number };
  };

  beforeAll(async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = "alkahest-example";
    process.env.DATABASE_URL = "url" in db ? db.url : "";
    lambda = await import("../../../examples/lambda/handler.js"); // the "cold start"
    admin = new pg.Client(process.env.DATABASE_URL);
    await admin.connect();
  });
  afterAll(async () => {
    await lambda?.engine.dispose();
    await admin?.end();
    for (const [k, v] of [["AWS_LAMBDA_FUNCTION_NAME", saved.fn], ["DATABASE_URL", saved.url]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("reuses one connection across warm invocations (StaticPool with pre-ping)", async () => {
    const { StaticPool } = await import("alkahest/pool");
    expect(lambda.engine.pool).toBeInstanceOf(StaticPool);
    const pids = [];
    for (let i = 0; i < 5; i++) pids.push((await invoke()).pid);
    expect(new Set(pids).size).toBe(1);
  });

  it("E04: succeeds after the server terminated that connection between invocations", async () => {
    const before = (await invoke()).pid;
    await admin.query("SELECT pg_terminate_backend($1)", [before]);
    await new Promise((r) => setTimeout(r, 50)); // the sandbox is "frozen" meanwhile
    const after = await invoke();
    expect(after.hello).toBe("test");
    expect(after.pid).not.toBe(before);
    expect((await invoke()).pid).toBe(after.pid); // and the new connection is kept again
  });
});
