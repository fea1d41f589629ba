import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  // lib/server modules start with import "server-only", which throws outside Next's react-server bundles.
  resolve: { alias: { "@": root, "server-only": `${root}node_modules/server-only/empty.js` } },
  test: {
    // Each test file runs in its own process with its own module graph, database file and inbox.
    pool: "forks",
    env: { BCRYPT_COST: "4", CHECKPOINT_DISABLE: "1" },
    projects: [
      {
        extends: true,
        // The property tests run thousands of parses: enough headroom for a machine busy with other work.
        // isolate: false: unit tests touch no database, inbox or environment of their own (none mocks a module or
        // stubs env), so a worker's files share one module graph: half the suite's CPU was importing it anew per file.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 20_000, isolate: false },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
