import "server-only";

// Typed text made safe to send to the database as a query parameter, whichever database it is: a lone UTF-16
// surrogate cannot be encoded for the driver, and a NUL character cannot be held in a text value by every
// database (PostgreSQL refuses it outright). Both become U+FFFD, the replacement character, as
// String.prototype.toWellFormed does for surrogates. Meant for strings that are only looked up or compared (a
// typed sign-in identifier, a captcha answer), which no real value ever matches with either character in it.

export function storableText(value: string): string {
  return value.toWellFormed().replaceAll("\0", "\uFFFD");
}
