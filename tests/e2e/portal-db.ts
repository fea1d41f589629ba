import { sql } from "../support/database";

/** Runs one statement on the shared e2e server's database, to check what a request left behind or to move a time. */
export function queryPortalDb<T>(text: string, ...params: unknown[]): Promise<T[]> {
  return sql<T>(process.env.E2E_DATABASE_URL as string, text, ...params);
}
