import "server-only";

// Reading rows that hand-written SQL (`$queryRaw`) returns. A model call spends about 1.2 ms of CPU in Prisma's
// query compiler and a raw statement about 0.2 ms, so the statements every sign-in runs are written by hand
// (rate-limit.ts, sign-in-throttle.ts), once for both databases: quoted names, `$queryRaw`'s placeholders,
// ON CONFLICT and RETURNING mean the same on SQLite and PostgreSQL. What comes back differs: SQLite gives
// integers as bigint and may give timestamps as ISO text.

export const rowNumber = (value: unknown): number => Number(value);

export const rowDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** A nullable timestamp column. */
export const rowDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : rowDate(value));
