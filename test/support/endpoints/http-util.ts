/** Small helpers shared by the local protocol endpoints: body reading, JSON replies, listening on 127.0.0.1:0. */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Reads a request body as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Listens on 127.0.0.1 at a free port; resolves with the port. */
export function listenLocal(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** Closes a server, dropping its open (keep-alive) connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * One withheld response (reliability scenario E16): the next request matching `match` is executed
 * but never answered, as when a connection drops after the server did the work; the client has to
 * give up on it (abort). `arm()` resolves once that request has been executed.
 */
export function responseHold<B>(): { arm(match: (body: B) => boolean): Promise<void>; take(body: B): (() => void) | null } {
  let armed: { match: (body: B) => boolean; executed: () => void } | null = null;
  return {
    arm(match) {
      return new Promise((executed) => {
        armed = { match, executed };
      });
    },
    take(body) {
      if (!armed || !armed.match(body)) return null;
      const { executed } = armed;
      armed = null;
      return executed;
    },
  };
}
