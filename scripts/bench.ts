// `npm run bench`: figures for the costly steps of the journey, on a throwaway database and the dev mailbox.
// It prints numbers for people to read; no test asserts on time.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "mi-bench-"));
process.env.DATABASE_URL = `file:${join(dir, "bench.db")}`;
process.env.CHECKPOINT_DISABLE = "1";
process.env.LOG_LEVEL = "warn";
delete process.env.SMTP_URL;
// Measured offline: the breached-password service is not asked (methods/password/breached.ts).
process.env.PWNED_PASSWORDS_URL = "off";
// A sign-in as a known browser makes it: no new-device code mailed each time (flows/login/new-device.ts).
process.env.NEW_DEVICE_CHECK = "off";
execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: process.env, stdio: "ignore" });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function samples<T>(runs: number, fn: (i: number) => Promise<T>): Promise<number[]> {
  const taken: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    taken.push(performance.now() - start);
  }
  return taken;
}

async function time<T>(label: string, runs: number, fn: (i: number) => Promise<T>): Promise<void> {
  const taken = await samples(runs, fn);
  console.log(`${label.padEnd(44)} median ${median(taken).toFixed(1).padStart(7)} ms   max ${Math.max(...taken).toFixed(1).padStart(7)} ms   (${runs} runs)`);
}

/** Existing vs unknown addresses, interleaved: the answer must not take measurably longer for either. */
async function compare(label: string, runs: number, existing: (i: number) => Promise<unknown>, unknown: (i: number) => Promise<unknown>) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(...(await samples(1, () => existing(i))));
    b.push(...(await samples(1, () => unknown(i))));
  }
  const difference = Math.abs(median(a) - median(b));
  const verdict = difference < 50 ? "ok, under 50 ms" : "TOO FAR APART (limit 50 ms)";
  console.log(`${label.padEnd(44)} existing ${median(a).toFixed(1)} ms, unknown ${median(b).toFixed(1)} ms: difference ${difference.toFixed(1)} ms, ${verdict}`);
}

async function main() {
  const { env } = await import("@/lib/server/config/env");
  const { hashPassword } = await import("@/lib/server/identity/passwords");
  const { issueCaptcha } = await import("@/lib/server/security/captcha");
  const { registerAccount } = await import("@/lib/server/flows/registration/registration");
  const { activateAccount } = await import("@/lib/server/flows/verification/activation");
  const { plainContext } = await import("@/lib/server/flows/context");
  // As step 2 does it: the password hashed first, whatever the address turns out to be.
  const register = async (email: string, context = plainContext()) =>
    registerAccount({ email, country: "GB", wantsOffers: true, passwordHash: await hashPassword("Secret-pass-1"), draftIdHash: null }, context);
  const { signIn } = await import("@/lib/server/flows/login/sign-in");
  const { db } = await import("@/lib/server/db/client");

  console.log(`BCRYPT_COST=${env.BCRYPT_COST}, database ${env.DATABASE_URL}, mail to the dev mailbox\n`);
  await time("bcrypt hash", 10, () => hashPassword("Secret-pass-1"));
  const images = await samples(50, (i) => issueCaptcha(`bench-captcha-${i}`));
  const perImage = images.reduce((sum, ms) => sum + ms, 0) / images.length;
  console.log(`${"captcha image (draw, rasterise, store)".padEnd(44)} median ${median(images).toFixed(1).padStart(7)} ms   ${(1000 / perImage).toFixed(0)} images/s on one core`);
  const { issueProofOfWork } = await import("@/lib/server/security/proof-of-work");
  const { solveProofOfWork } = await import("@/lib/shared/proof-of-work");
  // The page's own solver (WebCrypto) run in Node: about what a browser pays, and what a script pays per try.
  await time("proof of work, solved (registration, sign-in)", 10, async (i) => solveProofOfWork(await issueProofOfWork({ challengeId: `bench-pow-${i}`, hard: false, ipGroup: "bench", now: new Date() })));
  await time("proof of work, hard (the image's stand-in)", 3, async (i) => solveProofOfWork(await issueProofOfWork({ challengeId: `bench-hard-${i}`, hard: true, ipGroup: "bench", now: new Date() })));
  await time("registerAccount (hash + rows + mail)", 10, (i) => register(`bench${i}@example.com`));
  await db.account.updateMany({ data: { status: "active" } });
  await time("signIn by email (bcrypt compare + session)", 10, (i) => signIn({ identifier: `bench${i}@example.com`, password: "Secret-pass-1" }, plainContext({ ipGroup: "bench" })));
  await time("activateAccount (unknown token)", 50, () => activateAccount({ link: null, proof: {} }, plainContext()));

  // Enumeration: the same request for an address with an account and one without, as the server actions make
  // it (mail handed to sendLater, which runs after the response). 30 tries each, medians compared.
  console.log("\nenumeration (30 tries each; mail sent after the response, as in the app)");
  const { resendActivation } = await import("@/lib/server/flows/verification/resend");
  const later: (() => Promise<void>)[] = [];
  const context = (i: number, now = new Date()) => plainContext({ now, ipGroup: `bench-${i}`, afterResponse: (send) => void later.push(send) });
  for (let i = 0; i < 30; i++) await register(`pending${i}@example.com`);
  await compare("registration (active account vs new address)", 30,
    (i) => register(`bench${i % 10}@example.com`, context(i)),
    (i) => register(`new${i}@example.com`, context(i)));
  await compare("resend (pending account vs unknown)", 30,
    (i) => resendActivation({ email: `pending${i}@example.com` }, context(i, new Date(Date.now() + 120_000))),
    (i) => resendActivation({ email: `nobody${i}@example.com` }, context(i, new Date(Date.now() + 120_000))));
  await compare("sign-in, wrong password (account vs unknown)", 30,
    (i) => signIn({ identifier: `bench${i % 10}@example.com`, password: "Wrong-pass-1" }, plainContext({ ipGroup: `e-${i}` })),
    (i) => signIn({ identifier: `nobody${i}@example.com`, password: "Wrong-pass-1" }, plainContext({ ipGroup: `u-${i}` })));
  const { requestPasswordReset } = await import("@/lib/server/flows/recovery/password-reset");
  await compare("forgot password (account vs unknown)", 30,
    (i) => requestPasswordReset({ identifier: `bench${i % 10}@example.com` }, context(1000 + i)),
    (i) => requestPasswordReset({ identifier: `nobody${i}@example.com` }, context(2000 + i)));
  for (const send of later) await send();
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
