import "server-only";
import { cache } from "react";
import { COOKIE } from "@/lib/server/config/cookies";
import { loadRegistrationDraft } from "@/lib/server/flows/registration/draft";
import { readCookie } from "./request";

/** This browser's registration draft (step 1's answers), read once per request by the pages and actions of /register. */
export const currentRegistrationDraft = cache(async () => loadRegistrationDraft(await readCookie(COOKIE.registrationDraft), new Date()));
