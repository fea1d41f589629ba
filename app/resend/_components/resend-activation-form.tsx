"use client";

import { useTranslations } from "next-intl";
import { OneFieldForm } from "@/components/ui/one-field-form";
import { resendActivationAction } from "../actions";

export function ResendActivationForm({ email }: { email: string }) {
  const register = useTranslations("register");
  const resend = useTranslations("resend");
  return (
    <OneFieldForm
      action={resendActivationAction}
      field={{ id: "resend-email", name: "email", type: "email", label: register("email"), autoComplete: "email", initial: email }}
      submit={resend("submit")}
    />
  );
}
