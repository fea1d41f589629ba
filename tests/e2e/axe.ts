import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";

// The one way the specs run axe-core: its default rules plus label-content-name-mismatch, on the page as it is now.
//
// - label-content-name-mismatch is experimental in axe-core 4.13 (on by default from 4.14, whose Playwright package
//   needs Node 22): turned on so a control's name always contains its visible text.
// - Legacy mode: axe.run in the page itself. The default runs axe in each frame and then again in a new blank tab to
//   merge the frames' results, a third more CPU per check; the portal's pages have no frames of other origins, the
//   one thing that mode is for.
// - resultTypes ["violations"]: axe still runs every rule, but gathers and sends back the elements only of what
//   failed, not of every rule that passed or did not apply (the bulk of its result, serialised over the DevTools
//   protocol on every check).

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** How many offending elements of one rule a failure message spells out. */
const NODES_SHOWN = 5;

/** An AxeBuilder for the page, configured as above; narrow it further with include() or withRules(). */
export function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ["violations"], rules: { "label-content-name-mismatch": { enabled: true } } });
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
 * Runs axe on the page as it is now; any violation fails the test, softly, so later states of a walk are still
 * checked and one run lists every failing state.
 */
export async function expectNoAxeViolations(page: Page, label: string, builder: AxeBuilder = axe(page)): Promise<void> {
  // After a server action's redirect the page can show before Next sets its <title>: a title that is only late
  // is given a moment, one that never comes is still reported (document-title).
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => {});
  const { violations } = await builder.analyze();
  const where = `${label} (${new URL(page.url()).pathname}, ${test.info().project.name})`;
  if (violations.length > 0) {
    await test.info().attach(`axe ${label}`, { body: JSON.stringify(violations, null, 2), contentType: "application/json" });
  }
  expect.soft(violations.length, `axe found ${violations.length} violation(s) on ${where}:\n${violations.map(describeViolation).join("\n")}\n`).toBe(0);
}
