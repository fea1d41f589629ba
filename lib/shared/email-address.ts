// An email address as the portal keeps it. Browser-safe: forms read the length cap from here.
export const EMAIL_MAX_LENGTH = 254;

/** Trims and lower-cases the domain; the local part keeps its case, as mail servers may honour it. */
export function normalizeEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf("@");
  if (at < 0) return trimmed;
  return trimmed.slice(0, at) + "@" + trimmed.slice(at + 1).toLowerCase();
}

/**
 * The key one mailbox is known by: the whole address lower-cased. Mail servers may honour case in the local
 * part, but people do not: "Alice@x" and "alice@x" are one person, so one account and one set of counters.
 */
export function emailKey(email: string): string {
  return normalizeEmail(email).toLowerCase();
}
