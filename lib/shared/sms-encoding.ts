// How a text travels as SMS (3GPP TS 23.038, formerly GSM 03.38; TS 23.040 for concatenation): in the GSM 7-bit
// default alphabet when every character is in it or its extension table, else in UCS-2. The coding sets both
// how long a text may be in one SMS and what the SMSC is told (data_coding 0 or 8: courier/smpp/). One rule for
// the transport and for the test that keeps every language's code text in one SMS.

/** The default alphabet, in code order (0x00–0x7F). 0x1B is the escape to the extension table, not a character. */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** The extension table: each is sent as the escape plus one septet, so it counts 2. */
const GSM7_EXTENSION = "\f^{}\\[~]|€";

const BASIC = new Set([...GSM7_BASIC].filter((char) => char !== "\u001b"));
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsCoding = "gsm7" | "ucs2";

/** Characters (septets or UTF-16 code units) one SMS holds, alone and as a part of a concatenated message. */
export const SEGMENT_UNITS: Record<SmsCoding, { single: number; part: number }> = {
  // 140 octets: 160 septets or 70 UTF-16 units; a part loses 6 octets to the concatenation header (UDH).
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
};

export type SmsEncoding = {
  coding: SmsCoding;
  /** Length in the coding's units: septets (an extension character counts 2) or UTF-16 code units. */
  units: number;
  /** How many SMS the text is sent as (an empty text is still one). */
  segments: number;
};

/** Septets `char` takes in the GSM 7-bit alphabet, or null when it is not in it. */
function septets(char: string): 1 | 2 | null {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return null;
}

/** Whether every character of `text` is in the GSM 7-bit default alphabet or its extension table. */
export function fitsGsm7(text: string): boolean {
  for (const char of text) if (septets(char) === null) return false;
  return true;
}

/**
 * The coding, length and number of SMS of `text`. A character is never split between two parts: an extension
 * character (escape + septet) or a surrogate pair (an emoji) that does not fit at the end of one part starts the
 * next, as phones and SMSCs split them.
 */
export function smsEncoding(text: string): SmsEncoding {
  const coding: SmsCoding = fitsGsm7(text) ? "gsm7" : "ucs2";
  const widths = [...text].map((char) => (coding === "gsm7" ? septets(char)! : char.length));
  const units = widths.reduce((sum, width) => sum + width, 0);
  const { single, part } = SEGMENT_UNITS[coding];
  if (units <= single) return { coding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > part) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return { coding, units, segments };
}
