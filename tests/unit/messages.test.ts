import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/shared/i18n/locales";

// Every language has exactly the keys English has, every message parses as ICU, and each keeps English's
// arguments and tags (a translation that drops {email} or <link> would show a raw or broken sentence).

const DIR = join(__dirname, "../../lib/shared/i18n/messages");
type Tree = { [key: string]: string | Tree };

function load(locale: string): Tree {
  const file = join(DIR, `${locale}.json`);
  // A missing file is reported by the key test (every English key missing), not as a crash of the whole file.
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Tree) : {};
}

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** The names of a message's arguments and tags, e.g. ["arg:email", "tag:link"]. */
function shape(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) into.add(`arg:${element.value}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      into.add(`arg:${element.value}`);
      for (const option of Object.values(element.options)) shape(option.value, into);
    }
    if (element.type === TYPE.tag) {
      into.add(`tag:${element.value}`);
      shape(element.children, into);
    }
  }
  return into;
}

const english = leaves(load("en"));

describe.each(LOCALES)("messages/%s.json", (locale) => {
  const messages = leaves(load(locale));

  it("has every key English has, and none English lacks", () => {
    const missing = [...english.keys()].filter((key) => !messages.has(key));
    const extra = [...messages.keys()].filter((key) => !english.has(key));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it("parses as ICU, with English's arguments and tags, and is never empty", () => {
    for (const [key, message] of messages) {
      expect(message.trim(), key).not.toBe("");
      let elements: MessageFormatElement[];
      try {
        elements = parse(message);
      } catch (error) {
        throw new Error(`${locale} ${key} does not parse: ${(error as Error).message}`);
      }
      const source = english.get(key);
      if (source !== undefined) expect([...shape(elements)].sort(), `${locale} ${key}`).toEqual([...shape(parse(source))].sort());
    }
  });

  it("plural messages offer 'other', which every language needs", () => {
    for (const [key, message] of messages) {
      const walk = (elements: MessageFormatElement[]): void => {
        for (const element of elements) {
          if (element.type === TYPE.plural || element.type === TYPE.select) {
            expect(Object.keys(element.options), `${locale} ${key}`).toContain("other");
            for (const option of Object.values(element.options)) walk(option.value);
          }
          if (element.type === TYPE.tag) walk(element.children);
        }
      };
      walk(parse(message));
    }
  });
});

describe("the catalogue", () => {
  it("has a line in LANGUAGES for every message file, and a file for every line", async () => {
    const files = readdirSync(DIR).filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length));
    expect(files.sort()).toEqual([...LOCALES].sort());
    const { CATALOGUE } = await import("@/lib/shared/i18n/catalogue");
    expect(Object.keys(CATALOGUE).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) expect(CATALOGUE[locale], locale).toEqual(load(locale));
  });
});

describe("client components", () => {
  it("read only namespaces the layout sends to the browser (CLIENT_NAMESPACES)", async () => {
    const { CLIENT_NAMESPACES } = await import("@/lib/shared/i18n/catalogue");
    const { execFileSync } = await import("node:child_process");
    // Every useTranslations("…") in app/ and components/: any of them may render in the browser.
    const found = execFileSync("grep", ["-rhoE", 'useTranslations\\("[A-Za-z.]+"\\)', "app", "components"], { cwd: join(__dirname, "../..") })
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((call) => /"([A-Za-z]+)/.exec(call)?.[1] ?? call);
    expect(found.length).toBeGreaterThan(5);
    expect([...new Set(found)].filter((namespace) => !(CLIENT_NAMESPACES as readonly string[]).includes(namespace))).toEqual([]);
  });
});
