import { defineConfig } from "vitest/config";

// One runner for every suite. Storage, API and browser suites reach the Neo4j server that
// scripts/test.ts provides (NEO4J_TEST_URI); analysis and client suites need nothing outside.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites share one Neo4j server; each works in maps of its own, so files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
