import { z } from "zod";
import { emailSchema } from "@/lib/shared/email-address";

export const resendSchema = z.object({ email: emailSchema });
