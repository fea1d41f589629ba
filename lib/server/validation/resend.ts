import { z } from "zod";
import { emailSchema } from "../email-address";

export const resendSchema = z.object({ email: emailSchema });
