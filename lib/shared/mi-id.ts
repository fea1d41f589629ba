import { randomInt } from "node:crypto";

// A Mi Account ID is a random 10-digit number whose first digit is not 0. Random, never sequential, so IDs
// reveal nothing about how many accounts exist or when one was made.
export const MI_ID_PATTERN = /^[1-9][0-9]{9}$/;
export const MI_ID_ATTEMPTS = 5;

export function newMiId(random: (min: number, max: number) => number = randomInt): string {
  return String(random(1_000_000_000, 10_000_000_000));
}

export function isMiId(value: string): boolean {
  return MI_ID_PATTERN.test(value);
}
