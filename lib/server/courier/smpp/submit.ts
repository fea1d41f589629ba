import "server-only";
import smpp from "smpp";
import { errorSummary } from "@/lib/server/log";
import { smsEncoding } from "@/lib/shared/sms-encoding";
import { boundSession, smscAddress } from "./session";
import { numberRefused, statusName } from "./status";

// One text as one submit_sm (SMPP 3.4 §4.4): to an E.164 number, from the portal's sender name, in the GSM alphabet
// when the text fits it and in UCS-2 otherwise, without a delivery receipt (nobody would read it: a code that
// does not arrive is asked for again).

export type SmppOutcome = { ok: true; coding: "gsm7" | "ucs2" } | { ok: false; error: string; permanent: boolean };

// Type of number and numbering plan (SMPP 3.4 §5.2.5, 5.2.6).
const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_ISDN = 1;
const NPI_UNKNOWN = 0;
// data_coding (§5.2.19): 0 is the SMSC's default alphabet, GSM 03.38 for the SMSCs of mobile networks; 8 is UCS-2.
const DATA_CODING = { gsm7: 0, ucs2: 8 } as const;

/** The sender as SMPP addresses it: a number (international, ISDN) or a name of up to 11 letters and digits. */
function source(from: string) {
  if (/^\+?\d+$/.test(from)) return { source_addr_ton: TON_INTERNATIONAL, source_addr_npi: NPI_ISDN, source_addr: from.replace(/^\+/, "") };
  return { source_addr_ton: TON_ALPHANUMERIC, source_addr_npi: NPI_UNKNOWN, source_addr: from };
}

/** The text's octets: GSM 03.38 one octet per septet (escape before extension characters), or UTF-16 big-endian. */
function octets(text: string, coding: "gsm7" | "ucs2"): Buffer {
  return coding === "gsm7" ? smpp.gsmCoder.encode(text, 0) : Buffer.from(text, "utf16le").swap16();
}

/**
 * Submits `text` to `to` (E.164) through the SMSC at `url`, binding first if this process has no session. Never
 * throws. `expiresAt` becomes the SMSC's validity period: a code it could not hand to the phone in time is dropped
 * there too, not delivered stale.
 */
export async function submitSms({ url, from, to, text, expiresAt }: { url: string; from: string; to: string; text: string; expiresAt?: Date | null }): Promise<SmppOutcome> {
  const { coding, segments } = smsEncoding(text);
  const body = octets(text, coding);
  try {
    const bound = await boundSession(smscAddress(url));
    const answer = await bound.request("submit_sm", {
      ...source(from),
      dest_addr_ton: TON_INTERNATIONAL,
      dest_addr_npi: NPI_ISDN,
      destination_addr: to.replace(/^\+/, ""),
      registered_delivery: 0,
      data_coding: DATA_CODING[coding],
      // short_message holds one SMS (254 octets at most); a longer text goes whole in message_payload (§5.3.2.32),
      // and the SMSC splits it.
      ...(segments === 1 ? { short_message: body } : { short_message: Buffer.alloc(0), message_payload: body }),
      ...(expiresAt ? { validity_period: expiresAt } : {}),
    });
    if (answer.command_status === smpp.ESME_ROK) return { ok: true, coding };
    // The SMSC no longer knows this session as bound (it restarted, say): the next text binds afresh.
    if (answer.command_status === smpp.errors.ESME_RINVBNDSTS) bound.drop();
    return { ok: false, error: `SMSC refused: ${statusName(answer.command_status)}`, permanent: numberRefused(answer.command_status) };
  } catch (error) {
    return { ok: false, error: `SMSC unreachable: ${errorSummary(error)}`, permanent: false };
  }
}
