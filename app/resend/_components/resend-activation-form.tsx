"use client";

import { OneFieldForm } from "@/components/ui/one-field-form";
import { register } from "@/lib/shared/messages/register";
import { resend } from "@/lib/shared/messages/resend";
import { resendActivationAction } from "../actions";

export function ResendActivationForm({ email }: { email: string }) {
  return (
    <OneFieldForm
      action={resendActivationAction}
      field={{ id: "resend-email", name: "email", type: "email", label: register.email, autoComplete: "email", initial: email }}
      submit={resend.submit}
    />
  );
}
