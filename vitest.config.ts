import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/types/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
