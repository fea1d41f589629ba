import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { ERROR } from "./codes";

// Only the shape is checked here: whether the account and password are right is lib/server/flows/login/sign-in.ts's answer.
export const signInSchema = z.object({
  identifier: z.string({ error: ERROR.identifier }).trim().min(1, ERROR.identifier).max(EMAIL_MAX_LENGTH, ERROR.signInInvalid),
  password: z.string({ error: ERROR.passwordRequired }).min(1, ERROR.passwordRequired).max(256, ERROR.signInInvalid),
});
