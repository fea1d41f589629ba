import { randomBytes } from "node:crypto";

/** A new value for the captcha image's URL, so the browser fetches (and the server makes) a new captcha. */
export function newCaptchaNonce(): string {
  return randomBytes(6).toString("hex");
}
