import { builtinModules } from "node:module";
import boundaries from "eslint-plugin-boundaries";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { OWN_PROCESS } from "./tests/integration/own-process.mjs";

// Who may import what, in one place: eslint-plugin-boundaries. Each folder below is an element, and an import from
// one element into another is an error unless ALLOWED says so. The arrows:
//   app → components → lib/shared;  app → lib/server;  emails → lib/shared;
//   in lib/server: flows/<a> → methods/<b> → identity → db, and flows and methods → courier; oidc → flows;
// a flow never imports another flow (the files directly in lib/server/flows/, like after-commit.ts, are every
// flow's), a method never another method; identity, courier, db, security, config, ops and validation import no
// flow or method, and the courier no identity; lib/shared imports nothing of the server, the components or the
// app; emails import no lib/server. Type-only imports count too: they tie the layers together all the same.
// What a "use client" module pulls into the browser, transitively, is tests/unit/import-boundaries.test.ts's.

// Folders from the project root; a file belongs to the first element whose folder holds it.
const ELEMENTS = [
  { type: "app", pattern: "app" },
  { type: "components", pattern: "components" },
  { type: "emails", pattern: "emails" },
  { type: "shared", pattern: "lib/shared" },
  { type: "generated", pattern: "generated" },
  { type: "flow", pattern: "lib/server/flows/*", capture: ["flow"] },
  { type: "flows-common", pattern: "lib/server/flows" },
  { type: "method", pattern: "lib/server/methods/*", capture: ["method"] },
  { type: "methods-common", pattern: "lib/server/methods" },
  // The OpenID Provider ("Sign in with Mi"): it ends in flows (an app's sign-out is the portal's sign-out).
  { type: "oidc", pattern: "lib/server/oidc" },
  ...["identity", "courier", "db", "security", "config", "ops", "validation"].map((type) => ({ type, pattern: `lib/server/${type}` })),
  // The files directly in lib/server/ (log.ts), for all of the server.
  { type: "server-common", pattern: "lib/server" },
].map((element) => ({ ...element, partialMatch: false }));

const SERVER = ["server-common", "config", "shared"];
/**
 * Each element and the elements it may import. A file may always import the files of its own element (its own flow's
 * folder, say); flows/login and flows/registration are two elements of one type, so a flow may import no other flow,
 * and a method no other method, unless listed here.
 */
const ALLOWED = {
  app: ["app", "components", "shared", "flows-common", "flow", "methods-common", "method", "oidc", "identity", "courier", "db", "security", "config", "ops", "validation", "server-common"],
  components: ["components", "shared"],
  shared: ["shared"],
  emails: ["emails", "shared"],
  "flows-common": [...SERVER, "methods-common", "method", "identity", "courier", "db", "security", "ops", "validation", "emails"],
  flow: [...SERVER, "flows-common", "methods-common", "method", "identity", "courier", "db", "security", "ops", "validation", "emails"],
  "methods-common": [...SERVER, "identity", "courier", "db", "security", "ops", "validation", "emails"],
  method: [...SERVER, "methods-common", "identity", "courier", "db", "security", "ops", "validation", "emails"],
  oidc: [...SERVER, "flows-common", "flow", "identity", "db", "security", "ops"],
  identity: [...SERVER, "db", "security", "ops", "validation"],
  courier: [...SERVER, "db"],
  db: [...SERVER, "generated"],
  security: [...SERVER, "db", "ops", "validation"],
  // env.ts reads DATABASE_URL's kind from db/url.ts, a module with no imports.
  config: [...SERVER, "db"],
  ops: [...SERVER, "db", "security", "courier", "identity"],
  validation: [...SERVER],
  "server-common": [...SERVER],
  generated: [],
};

const policies = Object.entries(ALLOWED).map(([type, allowed]) => ({ from: { element: { type } }, allow: { to: { element: { types: { anyOf: allowed } } } } }));

const NODE_BUILTINS = ["node:*", ...builtinModules.flatMap((name) => [name, `${name}/*`])];

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: [".next/**", ".bench/**", "generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"], // the files eslint-config-next registers its plugins for
    plugins: { boundaries },
    settings: {
      // The Prisma client in generated/ is huge and cannot be part of a cycle: parsing it tripled lint time.
      "import/ignore": ["node_modules", "[\\\\/]generated[\\\\/]"],
      "boundaries/elements": ELEMENTS,
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", policies }],
      // eslint-config-next already registers eslint-plugin-import and the TypeScript resolver (for "@/…").
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  // A test file is imported by nothing, so no cycle can pass through it: following every test's imports down
  // through lib/ again was most of the rule's time (two thirds of the whole lint).
  { files: ["tests/**/*.test.ts", "tests/**/*.spec.ts"], rules: { "import/no-cycle": "off" } },
  // Integration test files share their worker's process (vitest.config.mts): a module one replaced would stay replaced
  // for the next. The few that must replace one run in a process of their own, and are listed there.
  {
    files: ["tests/integration/**/*.ts"],
    ignores: [...OWN_PROCESS, "tests/integration/setup.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock)$/]",
          message: "This file shares its process with other test files: list it in tests/integration/own-process.mjs to replace a module.",
        },
      ],
    },
  },
  // Packages, which the elements above do not cover: Next.js stays in app/ and components/, and lib/shared, which
  // runs in the browser too, takes nothing that only runs on the server.
  {
    files: ["lib/**", "emails/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["next", "next/*"], message: "Only app/ and components/ depend on Next.js." }] }] },
  },
  {
    files: ["lib/shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*"], message: "Only app/ and components/ depend on Next.js." },
            { group: ["zod", "zod/*", "server-only", ...NODE_BUILTINS], message: "lib/shared runs in the browser too." },
          ],
        },
      ],
    },
  },
];

export default config;
