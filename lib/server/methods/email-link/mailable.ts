import "server-only";

// Email links are only ever mailed, so the account behind one has an email; a row whose account has none (its
// email removed since, leaving a phone number) reads as no link at all.

export type WithEmail<T extends { email: string | null }> = T & { email: string };

export function hasEmail<T extends { email: string | null }>(account: T): account is WithEmail<T> {
  return account.email !== null;
}

/** The link row if its account still has an email, else null. */
export function linkWithEmail<T extends { account: { email: string | null } }>(row: T | null): (T & { account: WithEmail<T["account"]> }) | null {
  return row && hasEmail(row.account) ? (row as T & { account: WithEmail<T["account"]> }) : null;
}
