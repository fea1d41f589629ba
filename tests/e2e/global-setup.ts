import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startInbox } from "../support/inbox";
import { startSmsc } from "../support/smsc";
import { isRefusedNumber } from "./sms";

// The test inbox and the test SMSC run in the Playwright runner process on the ports the app was told to send to.
// Workers are other processes, so each received mail or text is written as a JSON file that tests read
// (tests/e2e/mail.ts, tests/e2e/sms.ts).
export default async function globalSetup() {
  const mailDir = join(process.env.E2E_DIR as string, "mail");
  mkdirSync(mailDir, { recursive: true });
  // Addresses starting "bounce-" do not exist: the server refuses them for good, as a real one would.
  const inbox = await startInbox({ port: Number(process.env.E2E_INBOX_PORT), rejectRecipient: (to) => to.startsWith("bounce-") });
  let written = 0;
  const flush = () => {
    const mails = inbox.messages();
    for (; written < mails.length; written++) {
      const mail = mails[written]!;
      const file = join(mailDir, `${String(written + 1).padStart(5, "0")}.json`);
      writeFileSync(file, JSON.stringify({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html }));
    }
  };
  const timer = setInterval(flush, 50);
  // The test SMSC likewise, on the port SMS_URL names: each accepted text a JSON file (tests/e2e/sms.ts reads them).
  const smsDir = join(process.env.E2E_DIR as string, "sms");
  mkdirSync(smsDir, { recursive: true });
  let texts = 0;
  const smsc = await startSmsc({
    port: Number(process.env.E2E_SMSC_PORT),
    refuse: isRefusedNumber,
    onSms: ({ to, text, dataCoding }) => {
      texts += 1;
      writeFileSync(join(smsDir, `${String(texts).padStart(5, "0")}.json`), JSON.stringify({ to, text, dataCoding }));
    },
  });
  return async () => {
    clearInterval(timer);
    await Promise.all([inbox.close(), smsc.close()]);
  };
}
