// A Mi Account ID is a random 10-digit number whose first digit is not 0 (drawn in lib/server/identity/mi-id.ts).
export const MI_ID_PATTERN = /^[1-9][0-9]{9}$/;

export function isMiId(value: string): boolean {
  return MI_ID_PATTERN.test(value);
}
