/**
 * An AWS Lambda handler with a module-scope engine. Under Lambda (`AWS_LAMBDA_FUNCTION_NAME` is set)
 * `createEngine` picks a StaticPool with pre-ping: warm invocations reuse one connection, and a
 * connection that died while the sandbox was frozen (or was terminated by the server) is detected
 * by the ping at checkout and replaced, so the invocation still succeeds.
 *
 * `DATABASE_URL`: `postgres://user:password@host:5432/db`.
 */
import * as sa from "alkahest";
import { pg } from "alkahest/adapters/pg";

/** The module-scope engine: created once per sandbox, at cold start. */
export const engine = sa.createEngine({ driver: pg(process.env.DATABASE_URL ?? "postgres://localhost/postgres") });

export interface LambdaResult {
  statusCode: number;
  body: string;
}

/** Returns the backend pid that served the invocation and the server time. */
export async function handler(event: { name?: string } = {}): Promise<LambdaResult> {
  const row = await engine.connect(async (conn) =>
    (await conn.execute(sa.text("SELECT pg_backend_pid() AS pid, now()::text AS at"))).one(),
  );
  return { statusCode: 200, body: JSON.stringify({ hello: event.name ?? "world", pid: row.pid, at: row.at }) };
}
