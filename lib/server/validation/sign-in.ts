import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { messages } from "@/lib/shared/messages";

const e = messages.errors;

// Only the shape is checked here: whether the account and password are right is lib/sign-in.ts's answer.
export const signInSchema = z.object({
  identifier: z.string({ error: e.identifier }).trim().min(1, e.identifier).max(EMAIL_MAX_LENGTH, messages.login.invalid),
  password: z.string({ error: e.password.required }).min(1, e.password.required).max(256, messages.login.invalid),
});
