import "server-only";
import { z } from "zod";
import { emailSchema } from "./email";

export const resendSchema = z.object({ email: emailSchema });
