// An email address as the portal keeps it. Browser-safe: forms read the length cap from here.
export const EMAIL_MAX_LENGTH = 254;

/** Trims and lower-cases the domain; the local part keeps its case, as mail servers may honour it. */
export function normalizeEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf("@");
  if (at < 0) return trimmed;
  return trimmed.slice(0, at) + "@" + trimmed.slice(at + 1).toLowerCase();
}
