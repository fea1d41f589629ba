import "server-only";
import { checkCaptcha } from "./captcha";
import { checkProofOfWork } from "./proof-of-work";
import { consumeLimit, LIMITS, type Limit } from "./rate-limit";

// "Are you a person?" for registration step 2 and for sign-in past its captcha threshold, in one place: the image's
// code, plus a proof of work the page solves in the background. Either one alone is allowed under a tighter
// limit of its own: the image without the work (JavaScript off). The hard work stands in for the image for people
// who cannot see it ("verify another way"); it is never refused here, so the page's "done" is never contradicted:
// from a busy address it costs more work instead (proof-of-work.ts). Binding a phone number on the account page
// asks it too, before any code is texted.

export type HumanCheck = {
  purpose: "registration" | "sign-in" | "binding";
  ipGroup: string;
  captchaId?: string;
  captchaAnswer?: string;
  challengeId?: string;
  pow?: string;
  /** The person chose the image's stand-in. */
  alternative?: boolean;
};

/** The tighter limit of the image alone (no proof of work: JavaScript off, or a script), per purpose. */
const WITHOUT_POW: Record<HumanCheck["purpose"], Limit> = {
  registration: LIMITS.registrationWithoutPowPerIp,
  "sign-in": LIMITS.signInWithoutPowPerIp,
  binding: LIMITS.bindingWithoutPowPerIp,
};

export type HumanVerdict = { ok: true } | { ok: false; reason: "captcha" } | { ok: false; reason: "rate-limited"; retryAfterMs: number };

export async function humanVerdict(check: HumanCheck, now = new Date()): Promise<HumanVerdict> {
  const work = await checkProofOfWork({ challengeId: check.challengeId, sent: check.pow, now });
  if (check.alternative) {
    return work === "hard-solved" ? { ok: true } : { ok: false, reason: "captcha" };
  }
  if (!(await checkCaptcha({ captchaId: check.captchaId, answer: check.captchaAnswer ?? "", now }))) return { ok: false, reason: "captcha" };
  if (work !== "none") return { ok: true };
  const allowed = await consumeLimit({ limit: WITHOUT_POW[check.purpose], key: check.ipGroup });
  return allowed.ok ? { ok: true } : { ok: false, reason: "rate-limited", retryAfterMs: allowed.retryAfterMs };
}
