import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startInbox } from "../support/inbox";

// The test inbox runs in the Playwright runner process on the port the app was told to send to. Workers are
// other processes, so each received mail is written as a JSON file that tests read (tests/e2e/mail.ts).
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
  return async () => {
    clearInterval(timer);
    await inbox.close();
  };
}
