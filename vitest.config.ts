import { defineConfig } from "vitest/config";

// Two projects, so that the database servers start only when integration tests are in the run:
// vitest calls a project's globalSetup only when that project has test files to run.
//   npx vitest run                              everything
//   npx vitest run test/unit/pool               unit only (no servers)
//   npx vitest run --project integration        integration only
export default defineConfig({
  // package self-references (`alkahest/adapters/pg`, loaded by createEngine from a URL) resolve to
  // the TypeScript sources, as the `alkahest-source` export condition does for tsx
  resolve: { conditions: ["alkahest-source"] },
  ssr: { resolve: { conditions: ["alkahest-source"], externalConditions: ["alkahest-source"] } },
  test: {
    // every built-in dialect registered, as the Node entry does (tests import src/ modules directly)
    setupFiles: ["test/support/register-dialects.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/integration/**", "test/workers/**", "test/types/**", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // test/workers: the Worker examples bundled and run in workerd (miniflare) against the servers
          include: ["test/integration/**/*.test.ts", "test/workers/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
    ],
  },
});
