import { readFileSync } from "node:fs";
import type { AxeResults, RunOptions } from "axe-core";
import { expect, test, type Page } from "./fixtures";

// The one way the specs run axe-core: its default rules plus label-content-name-mismatch, on the page as it is now.
//
// - axe-core itself, not @axe-core/playwright: that wrapper sent and compiled axe's 550 kB source twice per check
//   (once to look for runPartial, once per frame) and carried the whole result (every rule that passed or did not
//   apply) back over the DevTools protocol: 0.9 s of CPU a check here, against 0.2 s for axe.run on a page that
//   already holds axe. Here the source goes into a document once, and only the violations come back. The portal's
//   pages have no frames of other origins, the one thing the wrapper's frame handling is for.
// - label-content-name-mismatch, experimental until axe-core 4.14 turned it on by default, stays asked for by
//   name: a control's name always contains its visible text.

type Violation = AxeResults["violations"][number];

/** Where to look and which rules to run: the whole page and every default rule unless narrowed. */
export type AxeScope = { include?: string; rules?: string[] };

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** How many offending elements of one rule a failure message spells out. */
const NODES_SHOWN = 5;

/** The violations axe finds in the page as it is now; axe's source is added to the document first if not there. */
export async function axeViolations(page: Page, scope: AxeScope): Promise<Violation[]> {
  if (!(await page.evaluate(() => typeof (window as { axe?: unknown }).axe === "object"))) {
    // A string, so Playwright evaluates it as a script (Runtime.evaluate: the page's CSP does not apply).
    await page.evaluate(`${AXE_SOURCE}\n;axe.configure({ allowedOrigins: ["<same_origin>"] });`);
  }
  const options: RunOptions = {
    resultTypes: ["violations"],
    ...(scope.rules ? { runOnly: { type: "rule", values: scope.rules } } : { rules: { "label-content-name-mismatch": { enabled: true } } }),
  };
  return page.evaluate(
    async ({ include, options }) => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
      const results = await axe.run(include ? { include: [include] } : document, options);
      return results.violations;
    },
    { include: scope.include, options },
  );
}

/** What to fix: the rule, its impact, and the first elements with axe's own account of them (colours, ratios). */
export function describeViolation(violation: Violation): string {
  const nodes = violation.nodes.slice(0, NODES_SHOWN).map((node) => {
    const summary = (node.failureSummary ?? "").replace(/\n\s*/g, "\n      ");
    return `    - ${node.target.join(" ")}\n      ${summary}`;
  });
  const more = violation.nodes.length > NODES_SHOWN ? [`    … and ${violation.nodes.length - NODES_SHOWN} more`] : [];
  return [
    `  [${violation.impact ?? "no impact"}] ${violation.id}: ${violation.help} (${violation.nodes.length} element(s))`,
    `    ${violation.helpUrl}`,
    ...nodes,
    ...more,
  ].join("\n");
}

/**
 * Runs axe on the page as it is now (all of it, or `scope`); any violation fails the test, softly, so later states
 * of a walk are still checked and one run lists every failing state.
 */
export async function expectNoAxeViolations(page: Page, label: string, scope: AxeScope = {}): Promise<void> {
  // After a server action's redirect the page can show before Next sets its <title>: a title that is only late
  // is given a moment, one that never comes is still reported (document-title).
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => {});
  const violations = await axeViolations(page, scope);
  const where = `${label} (${new URL(page.url()).pathname}, ${test.info().project.name})`;
  if (violations.length > 0) {
    await test.info().attach(`axe ${label}`, { body: JSON.stringify(violations, null, 2), contentType: "application/json" });
  }
  expect.soft(violations.length, `axe found ${violations.length} violation(s) on ${where}:\n${violations.map(describeViolation).join("\n")}\n`).toBe(0);
}
