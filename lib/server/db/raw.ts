import "server-only";

// Reading and writing values of hand-written SQL (sql.ts). What comes back differs by database: SQLite gives
// integers as number or bigint, booleans as 0/1 and timestamps as ISO text; PostgreSQL gives Date objects. Each
// reader accepts exactly what one of the two databases gives for its column type, and throws on anything else, so
// a row read by hand is checked, not cast.

class RowShapeError extends Error {
  constructor(what: string, value: unknown) {
    super(`a hand-written SQL row had ${typeof value} ${JSON.stringify(String(value)).slice(0, 40)} where ${what} was expected`);
    this.name = "RowShapeError";
  }
}

export const rowText = (value: unknown): string => {
  if (typeof value !== "string") throw new RowShapeError("text", value);
  return value;
};

export const rowNumber = (value: unknown): number => {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "bigint") return Number(value);
  // PostgreSQL's driver gives BIGINT as text.
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  throw new RowShapeError("a number", value);
};

export const rowDate = (value: unknown): Date => {
  const date = value instanceof Date ? value : typeof value === "string" || typeof value === "number" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new RowShapeError("a timestamp", value);
  return date;
};

/**
 * A yes/no: PostgreSQL gives a boolean; SQLite 0 or 1, which its Prisma adapter hands over as text for an
 * expression with no declared type (an EXISTS).
 */
export const rowFlag = (value: unknown): boolean => {
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1 || value === 0n || value === 1n || value === "0" || value === "1") return Number(value) === 1;
  throw new RowShapeError("a yes/no", value);
};

const orNull =
  <T>(read: (value: unknown) => T) =>
  (value: unknown): T | null =>
    value === null || value === undefined ? null : read(value);

export const rowTextOrNull = orNull(rowText);
export const rowNumberOrNull = orNull(rowNumber);
export const rowDateOrNull = orNull(rowDate);

/** How to read each column of a row: its name, and the reader for its type. */
export type RowShape = Record<string, (value: unknown) => unknown>;
export type RowOf<S extends RowShape> = { [K in keyof S]: ReturnType<S[K]> };

/** A reader for whole rows of `shape`: every column present and of its type, or a RowShapeError. */
export function rowReader<S extends RowShape>(shape: S): (row: Record<string, unknown>) => RowOf<S> {
  const columns = Object.keys(shape) as (keyof S & string)[];
  return (row) => {
    const read = {} as RowOf<S>;
    for (const column of columns) {
      if (!(column in row)) throw new RowShapeError(`column "${column}"`, undefined);
      read[column] = shape[column]!(row[column]) as RowOf<S>[typeof column];
    }
    return read;
  };
}

/**
 * The value stored for a Prisma enum value: prisma/models.prisma maps each enum value to its name with hyphens
 * for underscores (`sign_in @map("sign-in")`). Hand-written SQL must write what the client would.
 */
export const storedEnumValue = (value: string): string => value.replaceAll("_", "-");
