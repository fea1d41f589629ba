// What may reach the browser, checked from the source: every "use client" module's transitive imports must stay
// clear of server code. This is the one import check ESLint cannot make (it sees one file at a time, and which
// modules are "use client" is in their text, not their folder); the folder arrows are eslint.config.mjs's
// (eslint-plugin-boundaries).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
type Import = { specifier: string; typeOnly: boolean };

function code(source: string): string {
  // Comments out, so an import written in a comment is not followed; "://" in URLs survives.
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
}

export function importsOf(source: string): Import[] {
  const text = code(source);
  const found: Import[] = [];
  const statement = /(?:^|[\s;}])(?:import|export)\s+(type\s+)?(?:[^"';]*?\bfrom\s*)?["']([^"']+)["']/g;
  for (const m of text.matchAll(statement)) found.push({ specifier: m[2]!, typeOnly: Boolean(m[1]) });
  for (const m of text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

const directive = (source: string, name: string) => new RegExp(`^\\s*(["'])${name}\\1`).test(code(source));
const rel = (root: string, file: string) => relative(root, file).split(sep).join("/");
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const ASSET = /\.(css|scss|svg|png|jpe?g|gif|ico|json|woff2?)$/;

/** A project file for a specifier, `{ pkg }` for a package, or null for an asset; throws when it resolves nowhere. */
function resolveImport(root: string, from: string, specifier: string): string | { pkg: string } | null {
  let base: string;
  if (specifier.startsWith("@/")) base = join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return { pkg: specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/") };
  if (ASSET.test(base)) return null;
  const hit = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find(isFile);
  if (!hit) throw new Error(`${rel(root, from)}: cannot resolve '${specifier}'`);
  return hit;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every import chain from a "use client" module (in app/ or components/) that reaches server code. */
export function clientLeaks(root: string): { entries: string[]; leaks: string[] } {
  const entries = ["app", "components"].flatMap((d) => sourceFiles(join(root, d))).filter((f) => directive(readFileSync(f, "utf8"), "use client"));
  const leaks: string[] = [];
  for (const entry of entries) {
    const parent = new Map<string, string | null>([[entry, null]]);
    const chain = (file: string): string => {
      const up = parent.get(file);
      return up ? `${chain(up)} → ${rel(root, file)}` : rel(root, file);
    };
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.shift()!;
      const path = rel(root, file);
      const source = readFileSync(file, "utf8");
      if (path === "lib/server/validation/common-passwords.ts") leaks.push(`${chain(file)} (the common-password list)`);
      else if (path.startsWith("lib/server/")) leaks.push(`${chain(file)} (under lib/server/)`);
      // A "use server" module reaches the client as references to its actions, not as code: stop there.
      if (file !== entry && directive(source, "use server")) continue;
      for (const { specifier, typeOnly } of importsOf(source)) {
        if (typeOnly) continue; // erased by the compiler, never bundled (ESLint still forbids it)
        const target = resolveImport(root, file, specifier);
        if (target === null) continue;
        if (typeof target !== "string") {
          if (target.pkg === "zod" || target.pkg === "server-only") leaks.push(`${chain(file)} → ${target.pkg}`);
          continue;
        }
        if (!parent.has(target)) {
          parent.set(target, file);
          queue.push(target);
        }
      }
    }
  }
  return { entries: entries.map((f) => rel(root, f)), leaks: [...new Set(leaks)] };
}

describe("import boundaries of this project", () => {
  it("no \"use client\" module reaches lib/server, server-only, zod or the common-password list", () => {
    const { entries, leaks } = clientLeaks(ROOT);
    expect(entries.some((e) => e.startsWith("app/")) && entries.some((e) => e.startsWith("components/"))).toBe(true);
    expect(leaks).toEqual([]);
  });
});

describe("the checks themselves (a tiny project in a temp dir)", () => {
  const root = mkdtempSync(join(tmpdir(), "boundaries-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write("app/x/_components/form.tsx", `"use client";\nimport { A } from "@/components/ui/a";\nimport { act } from "../actions";\nimport type { T } from "@/lib/server/types";\nimport "./form.css";\n`);
  write("app/x/actions.ts", `"use server";\nimport { db } from "@/lib/server/db";\n`);
  write("app/x/_components/form.css", "");
  write("components/ui/a.tsx", `// import nothing from "@/lib/server/db"\nimport { rule } from "../../lib/shared/rules";\nexport { z } from "zod";\n`);
  write("components/ui/b.tsx", `'use client';\nexport * from "./c";\n`);
  write("components/ui/c.ts", `import "server-only";\nimport { COMMON } from "@/lib/server/validation/common-passwords";\n`);
  write("lib/shared/rules.ts", `import { env } from "../server/env";\n`);
  for (const file of ["lib/server/db.ts", "lib/server/types.ts", "lib/server/env.ts", "lib/server/validation/common-passwords.ts"]) write(file, "export {};\n");

  it("follows aliases, relative paths and re-exports; skips comments, type imports, assets and server actions", () => {
    const { entries, leaks } = clientLeaks(root);
    expect(entries.sort()).toEqual(["app/x/_components/form.tsx", "components/ui/b.tsx"]);
    expect(leaks.sort()).toEqual([
      "app/x/_components/form.tsx → components/ui/a.tsx → lib/shared/rules.ts → lib/server/env.ts (under lib/server/)",
      "app/x/_components/form.tsx → components/ui/a.tsx → zod",
      "components/ui/b.tsx → components/ui/c.ts → lib/server/validation/common-passwords.ts (the common-password list)",
      "components/ui/b.tsx → components/ui/c.ts → server-only",
    ]);
  });

  it("fails loudly on an import it cannot resolve, rather than skipping it", () => {
    expect(() => resolveImport(root, join(root, "app/page.tsx"), "./missing")).toThrow(/cannot resolve/);
  });
});
