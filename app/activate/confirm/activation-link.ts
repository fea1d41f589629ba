import "server-only";
import { cache } from "react";
import { readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { loadActivationLink } from "@/lib/server/flows/verification/activation";

/** This request's activation link (from the cookie /activate set), read once for the title, the page and the press. */
export const currentActivationLink = cache(async () => loadActivationLink(await readCookie(COOKIE.activation)));
