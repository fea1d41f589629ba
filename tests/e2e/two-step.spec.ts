import { generate } from "otplib";
import { expectNoAxeViolations } from "./axe";
import { expect, test, type Page } from "./fixtures";
import { button, PASSWORD, seedActiveAccount, signIn, submitAndWait, submitSignIn, uniqueEmail } from "./helpers";
import { waitForMail } from "./mail";
import { RelyingParty } from "./oidc-rp";

// Two-step verification in Chromium: turned on from the account page with the key the page shows (the test computes
// the app's codes from it, as an authenticator app would), the second step of a sign-in with the app's code and
// "trust this browser", a recovery code, and turning it off; with JavaScript and without.

const STEP_MS = 30_000;
const issuer = `http://localhost:${process.env.E2E_APP_PORT}`;

/** What the person's authenticator app shows `stepsAhead` steps from now, from the key typed off the page. */
async function appCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret: secret.replace(/\s/g, ""), epoch: Math.floor((Date.now() + stepsAhead * STEP_MS) / 1000) });
}

/** Turns two-step on from the account page; returns the key and the recovery codes the page showed. */
async function turnOn(page: Page, { axe }: { axe: boolean }): Promise<{ secret: string; codes: string[] }> {
  await page.goto("/account#two-step");
  await expect(page.getByTestId("two-step-status")).toHaveText("Off");
  await page.getByRole("link", { name: "Turn on two-step verification" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Two-step verification" })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code of your Mi Account key, for an authenticator app" })).toBeVisible();
  if (axe) await expectNoAxeViolations(page, "two-step setup");
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})+$/);

  const field = page.getByLabel("Code from the app");
  const right = await appCode(secret);
  await field.fill(right === "000000" ? "111111" : "000000");
  await submitAndWait(page, button(page, "Turn on"));
  await expect(page.getByText("That code isn't right. Type the code the app shows now.").first()).toBeVisible();

  await page.getByLabel("Code from the app").fill(await appCode(secret));
  await submitAndWait(page, button(page, "Turn on"));
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
  for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  const download = page.getByRole("link", { name: "Download the codes" });
  expect(decodeURIComponent((await download.getAttribute("href")) ?? "")).toContain(codes.join("\n"));
  if (axe) await expectNoAxeViolations(page, "recovery codes");
  await page.getByRole("link", { name: "I've saved my codes" }).click();
  await expect(page.getByTestId("two-step-status")).toHaveText("On · 10 recovery codes left");
  return { secret, codes };
}

async function signOut(page: Page): Promise<void> {
  await page.goto("/account");
  await submitAndWait(page, button(page, "Sign out"));
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
}

test("two-step with the authenticator app: turn on, a second step at sign-in, trust this browser @db", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  await signIn(page, email);
  const { secret, codes } = await turnOn(page, { axe: true });
  await waitForMail(email, "Two-step verification is on for your Mi Account");

  await signOut(page);
  await submitSignIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/two-step$/);
  // Half signed in: no account page opens.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)account$/);
  await page.goto("/login/two-step");
  await expectNoAxeViolations(page, "second step");
  // The code that turned it on was used: the app's next one (one step ahead is within the allowed drift).
  await page.getByLabel("Code from the app, or a recovery code").fill(await appCode(secret, 1));
  await page.getByRole("checkbox", { name: "Trust this browser for 30 days" }).check();
  await submitAndWait(page, button(page, "Verify"));
  await expect(page).toHaveURL(/\/account$/);

  // Trusted: the password alone signs this browser in; another browser meets the second step.
  await signOut(page);
  await signIn(page, email);

  // An app that asks for two-step (acr_values) gets it: this session was signed in with the password alone, so the
  // portal asks for the second step before the consent, and the ID token says how (acr, amr).
  const rp = await RelyingParty.start({ kind: "web", name: `Mi Store ${Date.now()}`, issuer });
  try {
    const request = await rp.authorize({ scope: "openid", acr_values: "urn:mi:acr:two-step" });
    await page.goto(request.url.href);
    await expect(page).toHaveURL(/\/login\/two-step\?next=%2Fauthorize%2F/);
    // A recovery code (the app's codes of the next steps are spent or not yet shown): a one-time password too.
    await page.getByLabel("Code from the app, or a recovery code").fill(codes[0]!);
    await submitAndWait(page, button(page, "Verify"));
    const callback = rp.callback();
    await button(page, "Allow").click();
    const claims = (await rp.tokens(request, await callback)).claims()!;
    expect(claims.acr).toBe("urn:mi:acr:two-step");
    expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
  } finally {
    await rp.close();
  }
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await submitSignIn(other, email, PASSWORD);
  await expect(other).toHaveURL(/\/login\/two-step$/);
  await other.getByLabel("Code from the app, or a recovery code").fill("000000");
  await submitAndWait(other, button(other, "Verify"));
  await expect(other.getByText("That code isn't right. Type the code the app shows now, or a recovery code.").first()).toBeVisible();
  await elsewhere.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("turn on (the recovery codes shown once), sign in with a recovery code, turn off", async ({ page, browser }, testInfo) => {
    const email = uniqueEmail(testInfo);
    await seedActiveAccount({ email });
    await signIn(page, email);
    const { secret, codes } = await turnOn(page, { axe: false });

    const elsewhere = await browser.newContext({ javaScriptEnabled: false });
    const other = await elsewhere.newPage();
    await submitSignIn(other, email, PASSWORD);
    await expect(other).toHaveURL(/\/login\/two-step$/);
    await other.getByLabel("Code from the app, or a recovery code").fill(codes[0]!.toUpperCase());
    await submitAndWait(other, button(other, "Verify"));
    await expect(other).toHaveURL(/\/account$/);
    await expect(other.getByTestId("two-step-status")).toHaveText("On · 9 recovery codes left");
    await waitForMail(email, "A recovery code of your Mi Account was used");
    await elsewhere.close();

    await page.goto("/account/two-step");
    await expect(page.getByTestId("recovery-codes-left")).toHaveText("9 recovery codes left");
    const turnOff = page.getByRole("form", { name: "Turn off two-step verification" });
    await turnOff.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await turnOff.getByLabel("Code from the app, or a recovery code").fill(await appCode(secret, 1));
    await submitAndWait(page, turnOff.getByRole("button", { name: "Turn off" }));
    await expect(page).toHaveURL(/\/account\?saved=twoStepOff#two-step$/);
    await expect(page.getByText("Two-step verification is off.")).toBeVisible();
    await expect(page.getByTestId("two-step-status")).toHaveText("Off");
    await waitForMail(email, "Two-step verification was turned off for your Mi Account");

    // Without two-step, an app that asks for it is told it cannot be had (no sign-in it could not trust).
    const rp = await RelyingParty.start({ kind: "web", name: `Mi Store ${Date.now()}`, issuer });
    try {
      const request = await rp.authorize({ scope: "openid", acr_values: "urn:mi:acr:two-step" });
      const callback = rp.callback();
      await page.goto(request.url.href);
      const answer = await callback;
      expect(answer.searchParams.get("error")).toBe("unmet_authentication_requirements");
      expect(answer.searchParams.get("state")).toBe(request.state);
    } finally {
      await rp.close();
    }
  });
});
