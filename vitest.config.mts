import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { OWN_PROCESS } from "./tests/integration/own-process.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));

// The integration tests' common settings.
const integration = {
  include: ["tests/integration/**/*.test.ts"],
  globalSetup: ["tests/integration/global-setup.ts"],
  setupFiles: ["tests/integration/setup.ts"],
  testTimeout: 30_000,
};

export default defineConfig({
  // lib/server modules start with import "server-only", which throws outside Next's react-server bundles.
  resolve: { alias: { "@": root, "server-only": `${root}node_modules/server-only/empty.js` } },
  test: {
    // Workers are processes; each integration test file has its own database file and inbox (tests/integration/setup.ts).
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
          ...integration,
          name: "integration",
          exclude: OWN_PROCESS,
          // A worker's files share its process and what node_modules hold; tests/integration/setup.ts gives each file
          // its own lib/ modules, database, inbox and SMSC. A process a file took twice the CPU, most of it loading.
          // The files that replace a module run apart (tests/integration/own-process.mjs).
          isolate: false,
        },
      },
      { extends: true, test: { ...integration, name: "integration:own-process", include: OWN_PROCESS } },
    ],
  },
});
