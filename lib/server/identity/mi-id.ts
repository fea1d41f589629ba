import "server-only";
import { randomInt } from "node:crypto";

// Random, never sequential, so IDs reveal nothing about how many accounts exist or when one was made. The
// format is lib/shared/mi-id.ts's; a collision is redrawn, up to MI_ID_ATTEMPTS times.
export const MI_ID_ATTEMPTS = 5;

export function newMiId(random: (min: number, max: number) => number = randomInt): string {
  return String(random(1_000_000_000, 10_000_000_000));
}
