// `npm run bench`: figures for the costly steps of the journey, on a throwaway database and the dev outbox.
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
execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: process.env, stdio: "ignore" });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function time<T>(label: string, runs: number, fn: (i: number) => Promise<T>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  console.log(`${label.padEnd(44)} median ${median(samples).toFixed(1).padStart(7)} ms   max ${Math.max(...samples).toFixed(1).padStart(7)} ms   (${runs} runs)`);
}

async function main() {
  const { env } = await import("../lib/env");
  const { hashPassword } = await import("../lib/passwords");
  const { issueCaptcha } = await import("../lib/captcha");
  const { registerAccount } = await import("../lib/accounts");
  const { consumeActivationToken } = await import("../lib/activation");
  const { signIn } = await import("../lib/sign-in");
  const { db } = await import("../lib/db");

  console.log(`BCRYPT_COST=${env.BCRYPT_COST}, database ${env.DATABASE_URL}, mail to the dev outbox\n`);
  await time("bcrypt hash", 10, () => hashPassword("Secret-pass-1"));
  await time("captcha image (issue + store)", 50, (i) => issueCaptcha(`bench-slot-${i}`));
  await time("registerAccount (hash + rows + mail)", 10, (i) =>
    registerAccount({ email: `bench${i}@example.com`, country: "GB", wantsOffers: true, password: "Secret-pass-1" }),
  );
  await db.account.updateMany({ data: { status: "active" } });
  await time("signIn by email (bcrypt compare + session)", 10, (i) => signIn({ identifier: `bench${i}@example.com`, password: "Secret-pass-1", ipGroup: "bench" }));
  await time("consumeActivationToken (unknown token)", 50, () => consumeActivationToken("x".repeat(43)));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
