import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ACTIVATION_SUBJECT, button, expireResendCooldown, refusalMessage, registerToCheckEmail, signIn, snap, submitAndWait, submitSignIn, uniqueEmail } from "./helpers";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";

// Account pre-hijacking: a stranger registers the victim's pending address with a password of their own, and
// hopes the victim will press the newest activation link. Victim and attacker each have their own browser;
// the victim does whatever the pages ask.

const VICTIM_PASSWORD = "Victim-pass-1";
const ATTACKER_PASSWORD = "Attacker-pass-2";
let browsers = 0;

async function ownBrowser(browser: Browser): Promise<Page> {
  browsers += 1;
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `198.19.${browsers % 250}.${(Date.now() % 200) + 1}` } });
  return context.newPage();
}

test("a stranger registering the victim's pending address cannot choose the account's password", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const victim = page;
  await registerToCheckEmail(victim, { email, password: VICTIM_PASSWORD });
  const first = await waitForMail(email, ACTIVATION_SUBJECT);

  const attacker = await ownBrowser(browser);
  await registerToCheckEmail(attacker, { email, password: ATTACKER_PASSWORD });
  const second = await waitForMail(email, ACTIVATION_SUBJECT, { after: first });

  // The victim presses the newest link, in the victim's own browser: the page asks for the password chosen at
  // registration, and the victim types the one they chose.
  await victim.goto(activationLinkFrom(second));
  await expect(victim.getByText("type the password you chose when you registered", { exact: false })).toBeVisible();
  await victim.getByLabel("Password", { exact: true }).fill(VICTIM_PASSWORD);
  await submitAndWait(victim, button(victim, "Activate account"));
  await expect(victim.getByText("That's not the password for this link")).toBeVisible();
  await snap(victim, testInfo, "pre-hijack: wrong password for the attacker's link");

  // As the page says, the victim asks for a new email from the browser they registered in.
  await expireResendCooldown(email);
  await victim.goto("/register/check-email");
  await submitAndWait(victim, button(victim, "Resend activation email"));
  const third = await waitForMail(email, ACTIVATION_SUBJECT, { after: second });
  await victim.goto(activationLinkFrom(third));
  await button(victim, "Activate account").click();
  await expect(victim.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();

  // The attacker's password opens nothing; the victim's does.
  await submitSignIn(attacker, email, ATTACKER_PASSWORD);
  await expect(refusalMessage(attacker)).toHaveText("Incorrect account or password.");
  await signIn(victim, email, VICTIM_PASSWORD);
  expect(mailsTo(email, ACTIVATION_SUBJECT)).toHaveLength(3);
  await attacker.context().close();
});

test("a link opened in another browser activates with the password chosen at registration", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email, password: VICTIM_PASSWORD });
  const mail = await waitForMail(email, ACTIVATION_SUBJECT);
  const phone = await ownBrowser(browser);
  await phone.goto(activationLinkFrom(mail));
  await phone.getByLabel("Password", { exact: true }).fill(VICTIM_PASSWORD);
  await submitAndWait(phone, button(phone, "Activate account"));
  await expect(phone.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
  await expect(phone.getByTestId("linked-email")).toHaveText(email);
  await phone.context().close();
});
