"use client";

import { useTranslations } from "next-intl";
import { OneFieldForm } from "@/components/ui/one-field-form";
import { requestPasswordResetAction } from "../actions";

export function ForgotForm() {
  const m = useTranslations("passwordReset");
  return (
    <OneFieldForm
      action={requestPasswordResetAction}
      field={{ id: "forgot-identifier", name: "identifier", label: m("identifier"), autoComplete: "username" }}
      submit={m("requestSubmit")}
    />
  );
}
