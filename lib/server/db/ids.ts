import "server-only";
import { hostname } from "node:os";
import { randomInt } from "node:crypto";

// Row ids for rows inserted by hand-written SQL (sql.ts) into tables whose ids Prisma otherwise makes with
// @default(cuid()): the same cuid (version 1) layout, so old and new ids sort alike. Within one process ids grow
// with time and, within a millisecond, with a counter: the audit list relies on that to keep insertion order.

const BLOCK = 36 ** 4;
const pad = (text: string, size: number) => text.padStart(size, "0").slice(-size);
const fingerprint =
  pad(process.pid.toString(36), 2) + pad([...hostname()].reduce((sum, c) => sum + c.charCodeAt(0), hostname().length + 36).toString(36), 2);
let counter = 0;

export function newCuid(now = Date.now()): string {
  counter = counter < BLOCK ? counter : 0;
  const count = pad((counter++).toString(36), 4);
  const random = pad(randomInt(BLOCK).toString(36), 4) + pad(randomInt(BLOCK).toString(36), 4);
  return `c${now.toString(36)}${count}${fingerprint}${random}`;
}
