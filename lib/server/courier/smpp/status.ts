import "server-only";
import smpp from "smpp";

// What an SMSC's answer means for the courier. Only a refusal of the number itself is final: the person typed a
// number that cannot get texts, and the page says so (outbox.ts, messageRefused). Anything else (throttling, a
// full queue, a system error, a refused bind, an answer that never came) may pass, and the outbox retries with
// backoff until the code's lifetime or the courier's 24 hours run out: nothing is lost to a bad minute.

/** The command statuses that refuse the destination number for good (SMPP 3.4 §5.1.3, 5.0 §4.7.6). */
const NUMBER_REFUSED = new Set([
  0x0b, // ESME_RINVDSTADR: invalid destination address
  0x50, // ESME_RINVDSTTON: invalid destination type of number
  0x51, // ESME_RINVDSTNPI: invalid destination numbering plan
  0x106, // ESME_RINVDSTADDRSUBUNIT: invalid destination address subunit
]);

const NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** "ESME_RTHROTTLED (0x58)": how a status reads in the outbox's lastError and the log. */
export function statusName(status: number): string {
  return `${NAMES.get(status) ?? "unknown status"} (0x${status.toString(16)})`;
}

export function numberRefused(status: number): boolean {
  return NUMBER_REFUSED.has(status);
}
