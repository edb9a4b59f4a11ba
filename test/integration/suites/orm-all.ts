/** Binds every ORM suite to one adapter (used by test/integration/orm/<adapter>.test.ts). */
import { describe } from "vitest";
import { ormSessionSuite } from "./orm-session.suite.js";
import { ormIntegritySuite } from "./orm-integrity.suite.js";
import { ormIntegrity2Suite } from "./orm-integrity-2.suite.js";
import { ormModelBasedSuite } from "./orm-model-based.suite.js";
import { ormLoadingSuite } from "./orm-loading.suite.js";
import { ormRelationshipsSuite } from "./orm-relationships.suite.js";
import { ormInheritanceSuite } from "./orm-inheritance.suite.js";
import { ormDmlSuite } from "./orm-dml.suite.js";
import { ormApiQueryingSuite } from "./orm-api-querying.suite.js";
import type { AdapterTarget } from "./target.js";

export function bindOrmSuites(target: AdapterTarget): void {
  describe.skipIf(target.unavailable !== null)(`orm on ${target.name}${target.unavailable ? ` (skipped: ${target.unavailable})` : ""}`, () => {
    ormSessionSuite(target);
    ormIntegritySuite(target);
    ormIntegrity2Suite(target);
    ormModelBasedSuite(target);
    ormLoadingSuite(target);
    ormRelationshipsSuite(target);
    ormInheritanceSuite(target);
    ormDmlSuite(target);
    ormApiQueryingSuite(target);
  });
}
