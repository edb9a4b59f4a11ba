/** Registers every behavioural suite for one adapter target. */
import { describe } from "vitest";
import { connectExecuteSuite } from "./connect-execute.suite.js";
import { echoEventsSuite } from "./echo-events.suite.js";
import { errorsSuite } from "./errors.suite.js";
import { reliabilitySuite } from "./reliability.suite.js";
import { streamSuite } from "./stream.suite.js";
import type { AdapterTarget } from "./target.js";
import { transactionsSuite } from "./transactions.suite.js";
import { typesRoundtripSuite } from "./types-roundtrip.suite.js";

export function bindAllSuites(target: AdapterTarget): void {
  const title = `${target.name}${target.unavailable ? ` (skipped: ${target.unavailable})` : ""}`;
  describe.skipIf(target.unavailable !== null)(title, () => {
    connectExecuteSuite(target);
    transactionsSuite(target);
    typesRoundtripSuite(target);
    errorsSuite(target);
    reliabilitySuite(target);
    echoEventsSuite(target);
    streamSuite(target);
  });
}
