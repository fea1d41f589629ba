import "server-only";

// Reading and writing values of hand-written SQL (sql.ts). What comes back differs by database: SQLite may give
// integers as bigint, and timestamps come as ISO text.

export const rowNumber = (value: unknown): number => Number(value);

export const rowDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** A nullable timestamp column. */
export const rowDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : rowDate(value));

/**
 * The value stored for a Prisma enum value: prisma/models.prisma maps each enum value to its name with hyphens
 * for underscores (`sign_in @map("sign-in")`). Hand-written SQL must write what the client would.
 */
export const storedEnumValue = (value: string): string => value.replaceAll("_", "-");
