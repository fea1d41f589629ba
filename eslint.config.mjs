import { builtinModules } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const root = dirname(fileURLToPath(import.meta.url));
const builtins = new Set(builtinModules);

// Who may import what (the arrows: app → components → lib/shared; app → lib/server → emails → lib/shared).
// Keys are folders of the importing file; values are forbidden targets, written as "@/folder/" for project
// files, "pkg" for a package (and its subpaths), or "node:" for Node's built-ins.
const FORBIDDEN = {
  "lib/": ["next", "@/app/", "@/components/"],
  "lib/shared/": ["@/lib/server/", "@/emails/", "zod", "node:", "server-only", "@/generated/"],
  "emails/": ["@/lib/server/", "@/generated/", "@/app/"],
  "components/": ["@/lib/server/", "@/app/"],
};
// What a "use client" module (and so the browser bundle) must never pull in.
const CLIENT_FORBIDDEN = ["@/lib/server/", "zod", "server-only"];

/** A specifier in one spelling: relative paths resolved to "@/…" (project) and bare built-ins to "node:…". */
function normalise(specifier, filename) {
  if (specifier.startsWith(".")) {
    const target = relative(root, resolve(dirname(filename), specifier)).split(sep).join("/");
    return target.startsWith("..") ? specifier : `@/${target}`;
  }
  if (builtins.has(specifier.split("/")[0]) && !specifier.startsWith("@")) return `node:${specifier}`;
  return specifier;
}

function matches(target, forbidden) {
  if (forbidden.endsWith(":")) return target.startsWith(forbidden);
  if (forbidden.endsWith("/")) return target.startsWith(forbidden) || target === forbidden.slice(0, -1);
  return target === forbidden || target.startsWith(`${forbidden}/`);
}

/** Calls `check(node, specifier, typeOnly)` for every static import, re-export and literal dynamic import. */
function eachImport(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === "string") check(node.source, node.source.value, node.importKind === "type" || node.exportKind === "type");
  };
  return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
}

const boundaries = {
  rules: {
    layers: {
      meta: { type: "problem", schema: [], messages: { forbidden: "{{area}} must not import {{target}} (from '{{specifier}}')." } },
      create(context) {
        const file = relative(root, context.filename).split(sep).join("/");
        const rules = Object.entries(FORBIDDEN).filter(([area]) => file.startsWith(area));
        if (rules.length === 0) return {};
        return eachImport((node, specifier) => {
          const target = normalise(specifier, context.filename);
          for (const [area, forbidden] of rules) {
            const hit = forbidden.find((f) => matches(target, f));
            if (hit) context.report({ node, messageId: "forbidden", data: { area, target: hit, specifier } });
          }
        });
      },
    },
    "client-imports": {
      meta: {
        type: "problem",
        schema: [],
        messages: {
          forbidden: "A \"use client\" module must not import '{{specifier}}': it would ship server-side code to the browser.",
          typeOnly: "A \"use client\" module must not depend on '{{specifier}}', even for types: move the type to lib/shared.",
        },
      },
      create(context) {
        let client = false;
        return {
          Program(program) {
            const first = program.body[0];
            client = first?.type === "ExpressionStatement" && first.directive === "use client";
          },
          ...eachImport((node, specifier, typeOnly) => {
            const target = normalise(specifier, context.filename);
            if (!client || !CLIENT_FORBIDDEN.some((f) => matches(target, f))) return;
            context.report({ node, messageId: typeOnly ? "typeOnly" : "forbidden", data: { specifier } });
          }),
        };
      },
    },
  },
};

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: [".next/**", "generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"], // the files eslint-config-next registers its plugins for
    plugins: { boundaries },
    // The Prisma client in generated/ is huge and cannot be part of a cycle: parsing it tripled lint time.
    settings: { "import/ignore": ["node_modules", "[\\\\/]generated[\\\\/]"] },
    rules: {
      "boundaries/layers": "error",
      "boundaries/client-imports": "error",
      // eslint-config-next already registers eslint-plugin-import and the TypeScript resolver (for "@/…").
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
];

export default config;
