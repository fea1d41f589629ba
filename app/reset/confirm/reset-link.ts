import "server-only";
import { cache } from "react";
import { readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { loadResetLink } from "@/lib/server/flows/recovery/password-reset";

/** This request's "forgot password" link (from the cookie /reset set), read once for the title, the page and the press. */
export const currentResetLink = cache(async () => loadResetLink(await readCookie(COOKIE.passwordReset)));
