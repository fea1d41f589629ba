import { db } from "@/lib/server/db/client";
import { sendDueMessages } from "@/lib/server/courier/outbox";
import { hashPassword } from "@/lib/server/identity/passwords";
import { newMiId } from "@/lib/server/identity/mi-id";
import { composeSignInCode } from "@/lib/server/flows/login/code-sign-in";
import { composeRecoveryCode } from "@/lib/server/flows/recovery/code-recovery";
import { PASSWORD } from "./fixtures";
import { smsc } from "./integration-context";

// Phone accounts for the sign-in and recovery tests, made directly in the database (registration by phone is
// tested where it is built), and the worker's step for the codes those flows queue unwritten.

let counter = 0;
/** A fresh Chinese mobile number (+86 138…) per call, in E.164. */
export function newPhone(): string {
  counter += 1;
  return `+86138${String((process.pid * 1000 + counter) % 100_000_000).padStart(8, "0")}`;
}

export async function phoneAccount({ phone = newPhone(), status = "active" as "active" | "pending", password = PASSWORD } = {}) {
  const account = await db.account.create({
    data: { miId: newMiId(), phone, email: null, emailKey: null, country: "CN", wantsOffers: false, passwordHash: await hashPassword(password), status, activatedAt: status === "active" ? new Date() : null },
  });
  return { ...account, phone };
}

/** The outbox worker's step, with the composers instrumentation.ts gives it for text-message codes. */
export function deliverCodes(now = new Date()) {
  return sendDueMessages({ now, composers: { sign_in_code: composeSignInCode, recovery_code: composeRecoveryCode } });
}

/** The newest code texted to `e164` (received by this file's test SMSC: each send is acknowledged first), or null. */
export async function codeTextedTo(e164: string): Promise<string | null> {
  const sms = smsc().latestSms(e164);
  return sms?.text.match(/\b(\d{6})\b/)?.[1] ?? null;
}

let ip = 0;
/** An address group of its own, so one test's SMS and captcha limits never touch another's. */
export function ownAddress(): string {
  ip += 1;
  return `203.0.113.${ip % 250}-${process.pid}-${ip}`;
}
