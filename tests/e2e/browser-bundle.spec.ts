// What the production build sends to the browser: no server-only text in any script chunk, and the form pages'
// own JavaScript (beyond what every page loads) within budget. `npm run bench:web` prints the same figures.
import { BUDGET_PAGES, OWN_BUDGET_KB, findMarkers, formatReport, measure } from "../../scripts/lib/bundle-size";
import { expect, test } from "./fixtures";
import { registerToCheckEmail, submitStep1, uniqueEmail } from "./helpers";

test("browser chunks hold no server-only text, and form pages stay within their own-share budget", async ({ context }, testInfo) => {
  const result = await measure(context, {
    "/register/password": (page) => submitStep1(page, { email: uniqueEmail(testInfo, "step1") }),
    "/register/check-email": (page) => registerToCheckEmail(page, { email: uniqueEmail(testInfo, "step2") }),
  });
  const report = formatReport(result);
  await testInfo.attach("browser-bundle.txt", { body: report, contentType: "text/plain" });

  // The scan must be able to see text: the error summary's class name is in the login page's script.
  const control = findMarkers(result.chunks, result.rows, [{ name: "control", needle: "error-summary__title" }]);
  expect(control[0]?.pages ?? [], report).toContain("/login");
  for (const row of result.rows) {
    expect.soft(row.scripts.length, `${row.path} loads no script at all`).toBeGreaterThan(0);
    // The browser's measure sees at least what the HTML names, and the page's inline data.
    expect.soft(row.browserKb, `${row.path}: what the browser fetched\n${report}`).toBeGreaterThanOrEqual(row.totalKb);
    expect.soft(row.inlineKb, `${row.path}: inline scripts\n${report}`).toBeGreaterThan(0);
  }
  for (const finding of result.findings) {
    expect.soft(finding.chunks, `${finding.marker.name} ("${finding.marker.needle.slice(0, 60)}") reached the browser`).toEqual([]);
  }
  for (const row of result.rows.filter((r) => BUDGET_PAGES.includes(r.path))) {
    expect.soft(row.ownKb, `own share of ${row.path} in gzip kB\n${report}`).toBeLessThanOrEqual(OWN_BUDGET_KB);
  }
});
