/** echo to a logger (parameters hidden with hideParameters), the pool choice logged, engine events. */
import { describe, expect, it } from "vitest";
import * as sa from "../../../src/index.js";

import type { AdapterTarget } from "./target.js";

export function echoEventsSuite(target: AdapterTarget): void {
  describe("echo-events", () => {
    const stmt = sa.text("SELECT :v AS v");

    it("echo logs the SQL and its parameters to the logger", async () => {
      const lines: string[] = [];
      const engine = target.makeEngine({ echo: true, logger: (m) => void lines.push(m) });
      try {
        await engine.connect((c) => c.execute(stmt, { v: "visible-value-42" }));
        const sent = engine.compile(stmt).sql;
        expect(lines.some((l) => l.includes(sent))).toBe(true);
        expect(lines.some((l) => l.includes("visible-value-42"))).toBe(true);
      } finally {
        await engine.dispose();
      }
    });

    it("echo with hideParameters logs the SQL but never the values", async () => {
      const lines: string[] = [];
      const engine = target.makeEngine({ echo: true, hideParameters: true, logger: (m) => void lines.push(m) });
      try {
        await engine.connect((c) => c.execute(stmt, { v: "secret-value-42" }));
        expect(lines.some((l) => l.includes(engine.compile(stmt).sql))).toBe(true);
        expect(lines.some((l) => /parameters hidden/i.test(l))).toBe(true);
        expect(lines.join("\n")).not.toContain("secret-value-42");
      } finally {
        await engine.dispose();
      }
    });

    it("the chosen pool class is logged: QueuePool for a socket or file database on a Node server", async () => {
      const lines: string[] = [];
      const engine = target.makeEngine({ echo: true, logger: (m) => void lines.push(m) });
      try {
        const expected = target.capabilities.memory || target.capabilities.transport === "http" || target.capabilities.transport === "binding"
          ? /StaticPool|NullPool/ : /^QueuePool$/;
        expect(engine.pool.constructor.name).toMatch(expected);
        expect(lines.some((l) => l.includes(`pool: ${engine.pool.constructor.name}`))).toBe(true);
      } finally {
        await engine.dispose();
      }
    });

    it("engine events fire with their arguments, and the returned function unsubscribes", async () => {
      const engine = target.makeEngine({ poolSize: 1, maxOverflow: 0 });
      const calls: Record<string, unknown[][]> = {};
      const names = ["beforeExecute", "afterExecute", "beforeCursorExecute", "afterCursorExecute", "connect", "checkout", "checkin"] as const;
      const offs = names.map((name) => sa.event.listen(engine, name, (...args: unknown[]) => void (calls[name] ??= []).push(args)));
      try {
        const params = { v: "evt" };
        await engine.connect((c) => c.execute(stmt, params));
        const sql = engine.compile(stmt).sql;
        expect(calls.connect).toHaveLength(1);
        expect(calls.checkout).toHaveLength(1);
        expect(calls.checkin).toHaveLength(1);
        expect(calls.beforeExecute).toHaveLength(1);
        expect(calls.afterExecute).toHaveLength(1);
        const [bConn, bStmt, bParams] = calls.beforeExecute![0]!;
        expect(bConn).toBeInstanceOf(sa.Connection);
        expect(bStmt).toBe(stmt);
        expect(bParams).toBe(params);
        const afterResult = calls.afterExecute![0]![3] as sa.Result;
        expect(afterResult.scalar()).toBe("evt");
        // cursor events: one per SQL string sent (the BEGIN of autobegin included where it is SQL)
        const cursorSQL = calls.beforeCursorExecute!.map((a) => a[1]);
        expect(cursorSQL).toContain(sql);
        const mine = calls.beforeCursorExecute!.find((a) => a[1] === sql)!;
        expect(mine[2]).toEqual(["evt"]);
        expect(calls.afterCursorExecute!.map((a) => a[1])).toEqual(cursorSQL);
        // unsubscribe
        for (const off of offs) off();
        const before = Object.fromEntries(names.map((n) => [n, calls[n]?.length ?? 0]));
        await engine.connect((c) => c.execute(stmt, params));
        await engine.dispose();
        expect(Object.fromEntries(names.map((n) => [n, calls[n]?.length ?? 0]))).toEqual(before);
      } finally {
        await engine.dispose();
      }
    });

    it("event.remove unsubscribes too, and an unknown event name is refused", async () => {
      const engine = target.makeEngine();
      try {
        let n = 0;
        const fn = () => void n++;
        sa.event.listen(engine, "beforeExecute", fn);
        await engine.connect((c) => c.execute(stmt, { v: 1 }));
        sa.event.remove(engine, "beforeExecute", fn);
        await engine.connect((c) => c.execute(stmt, { v: 2 }));
        expect(n).toBe(1);
        expect(() => sa.event.listen(engine, "beforeExecuteTypo", fn)).toThrow(sa.ArgumentError);
      } finally {
        await engine.dispose();
      }
    });
  });
}
