import ar from "@/lib/shared/i18n/messages/ar.json";
import { expectNoAxeViolations } from "./axe";
import { expect, test, type Page } from "./fixtures";
import { button, PASSWORD, seedActiveAccount, signIn, submitAndWait, submitSignIn, uniqueEmail } from "./helpers";
import { waitForMail } from "./mail";
import { RelyingParty } from "./oidc-rp";
import { queryPortalDb } from "./portal-db";

// Passkeys in Chromium, with the DevTools protocol's virtual authenticator standing in for the phone's or laptop's
// (CTAP2, built in, resident keys, user verified): added from the account page after the password, used to sign
// in with no identifier typed (the button, and the browser's autofill in the identifier field), removed after
// the password; and, without JavaScript, the pages say passkeys need it.

/** A platform authenticator (a phone's or a laptop's) that verifies its user (fingerprint, face or PIN) by itself. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  };
}

/** How the account's newest session signed in (RFC 8176 amr, as its ID tokens say). */
async function lastSessionAmr(email: string): Promise<string | undefined> {
  const [session] = await queryPortalDb<{ amr: string }>(
    `SELECT "amr" FROM "Session" WHERE "accountId" = (SELECT "id" FROM "Account" WHERE "email" = ?) ORDER BY "createdAt" DESC LIMIT 1`,
    email,
  );
  return session?.amr;
}

async function signOut(page: Page): Promise<void> {
  await page.goto("/account");
  await submitAndWait(page, button(page, "Sign out"));
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
}

/** Adds a passkey named `name` on /account/passkeys, with the password. */
async function addPasskey(page: Page, name: string, password = PASSWORD): Promise<void> {
  const form = page.getByRole("form", { name: "Add a passkey" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Add a passkey" }).click();
}

test("passkeys: added after the password, sign in with the button or the autofill, removed after the password @db", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  const authenticator = await addVirtualAuthenticator(page);
  await signIn(page, email);

  await page.goto("/account#passkeys");
  await expect(page.getByTestId("passkey-count")).toHaveText("No passkeys yet");
  await page.getByRole("link", { name: "Add a passkey" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Passkeys" })).toBeVisible();
  await expect(page.getByTestId("no-passkeys")).toBeVisible();
  await expectNoAxeViolations(page, "passkeys page");

  await addPasskey(page, "Test laptop", "Not-the-password-1");
  await expect(page.getByText("That's not your current password.").first()).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(0);

  await addPasskey(page, "Test laptop");
  await expect(page.getByText("Passkey \u201cTest laptop\u201d added. You can now sign in with it.")).toBeVisible();
  const listed = page.getByTestId("passkey");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText("Test laptop");
  await expect(listed).toContainText("On one device only");
  await expect(listed).toContainText("Not used yet");
  const [credential] = await authenticator.credentials();
  expect(credential).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
  await waitForMail(email, "A passkey was added to your Mi Account");
  await expectNoAxeViolations(page, "passkeys page with one");

  // The same authenticator again: the browser refuses it (its passkey is excluded), and the page says so.
  await addPasskey(page, "Same laptop");
  await expect(page.getByText("This passkey is already on your account.")).toBeVisible();
  await expect(listed).toHaveCount(1);

  // The autofill (conditional UI): the sign-in page asks for a passkey with mediation "conditional" as it opens,
  // and the identifier field ("username webauthn") offers it. Chromium's virtual authenticator answers such a
  // request by itself, as the person picking their passkey there would: signing out lands on /login, which
  // signs straight back in, no identifier typed, no password.
  await page.goto("/account");
  const signedOut = page.waitForURL(/\/login\?signedOut=1$/);
  await button(page, "Sign out").click();
  await signedOut;
  await page.waitForURL(/\/account$/);
  await expect(page.getByTestId("passkey-count")).toHaveText("1 passkey");
  expect(await lastSessionAmr(email)).toBe("hwk mfa");

  // The button, in a browser that has no passkey autofill: the same, on a press.
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  await signOut(page);
  await expect(page.getByLabel("Email, phone number or Mi Account ID")).toHaveAttribute("autocomplete", "username webauthn");
  await expectNoAxeViolations(page, "sign-in page with the passkey button");
  await button(page, "Sign in with a passkey").click();
  await expect(page).toHaveURL(/\/account$/);
  expect(await lastSessionAmr(email)).toBe("hwk mfa");

  // "Sign in with Mi" for an app that asks for two-step: the passkey on the portal's sign-in page is both steps,
  // and the ID token says so (amr hwk + mfa, acr two-step).
  await signOut(page);
  const rp = await RelyingParty.start({ kind: "web", name: `Mi Store ${Date.now()}`, issuer: `http://localhost:${process.env.E2E_APP_PORT}` });
  try {
    const request = await rp.authorize({ scope: "openid", acr_values: "urn:mi:acr:two-step" });
    await page.goto(request.url.href);
    await expect(page).toHaveURL(/\/login\?next=%2Fauthorize%2F/);
    await button(page, "Sign in with a passkey").click();
    const callback = rp.callback();
    await button(page, "Allow").click();
    const claims = (await rp.tokens(request, await callback)).claims()!;
    expect(claims.acr).toBe("urn:mi:acr:two-step");
    expect(claims.amr).toEqual(["hwk", "mfa"]);
    // The browser's own arrival at the app, before it goes anywhere else.
    await page.waitForURL(/\/callback\?code=/);
  } finally {
    await rp.close();
  }

  // Removing: the password first; then the passkey signs in no more, and the page says to delete it from the device.
  await page.goto("/account/passkeys");
  await expect(listed).toContainText("Last used");
  await listed.locator("summary").click();
  await listed.getByLabel("Password", { exact: true }).fill("Not-the-password-1");
  await submitAndWait(page, button(page, "Remove \u201cTest laptop\u201d"));
  await expect(page.getByText("That's not your current password.").first()).toBeVisible();
  await expect(listed).toHaveCount(1);
  await listed.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await submitAndWait(page, button(page, "Remove \u201cTest laptop\u201d"));
  await expect(page.getByText(/Passkey \u201cTest laptop\u201d removed\./)).toBeVisible();
  await expect(listed).toHaveCount(0);
  await waitForMail(email, "A passkey was removed from your Mi Account");

  // The device still holds the removed passkey: the page says what to do with it.
  await signOut(page);
  await button(page, "Sign in with a passkey").click();
  await expect(page.getByText("This passkey isn't linked to a Mi Account any more.", { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in and passkeys pages say passkeys need JavaScript; a passkey is still removed after the password", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo);
    const { id } = await seedActiveAccount({ email });
    // A passkey added earlier, in a browser with JavaScript (its key is not used here).
    await queryPortalDb(
      `INSERT INTO "Passkey" ("id", "accountId", "name", "publicKey", "counter", "transports", "deviceType", "backedUp", "createdAt") VALUES (?, ?, ?, ?, 0, 'internal', 'multiDevice', ?, ?)`,
      `cred-${id}`, id, "Old phone", "AAAA", true, new Date().toISOString(),
    );
    await page.goto("/login");
    await expect(page.getByText("Signing in with a passkey needs JavaScript, which is off in this browser.")).toBeVisible();
    await expect(button(page, "Sign in with a passkey")).toHaveCount(0);
    await signIn(page, email);

    await page.goto("/account/passkeys");
    await expect(page.getByText("Passkeys need JavaScript, which is off in this browser.").first()).toBeVisible();
    const form = page.getByRole("form", { name: "Add a passkey" });
    await form.getByLabel("Name").fill("New phone");
    await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await submitAndWait(page, form.getByRole("button", { name: "Add a passkey" }));
    await expect(page.getByRole("group", { name: "There is a problem" }).getByText("Passkeys need JavaScript, which is off in this browser.")).toBeVisible();

    await expect(page.getByTestId("passkey")).toContainText("Synced (in a password manager or cloud account)");
    await page.getByTestId("passkey").locator("summary").click();
    await page.getByTestId("passkey").getByLabel("Password", { exact: true }).fill(PASSWORD);
    await submitAndWait(page, button(page, "Remove \u201cOld phone\u201d"));
    await expect(page.getByText(/Passkey \u201cOld phone\u201d removed\./)).toBeVisible();
    await expect(page.getByTestId("passkey")).toHaveCount(0);
  });
});

test("the passkeys page in Arabic at 320 px wide: right to left, nothing wider than the screen, axe clean", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const email = uniqueEmail(testInfo);
  const { id } = await seedActiveAccount({ email, locale: "ar" });
  await queryPortalDb(
    `INSERT INTO "Passkey" ("id", "accountId", "name", "publicKey", "counter", "transports", "deviceType", "backedUp", "createdAt", "lastUsedAt") VALUES (?, ?, ?, ?, 0, 'internal', 'singleDevice', ?, ?, ?)`,
    `cred-${id}`, id, "هاتفي Pixel 7 Pro (العمل)", "AAAA", false, new Date().toISOString(), new Date().toISOString(),
  );
  // The account's language follows it to this browser at sign-in.
  await submitSignIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/account/passkeys");
  await expect(page.getByRole("heading", { level: 1, name: ar.passkeys.title })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByTestId("passkey")).toContainText("هاتفي Pixel 7 Pro");
  await page.getByTestId("passkey").locator("summary").click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page, "passkeys page, Arabic, 320 px");
  await page.goto("/login");
  await expect(button(page, ar.passkeys.signIn)).toBeVisible();
});
