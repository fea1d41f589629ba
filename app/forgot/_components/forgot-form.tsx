"use client";

import { OneFieldForm } from "@/components/ui/one-field-form";
import { passwordReset as m } from "@/lib/shared/messages/password-reset";
import { requestPasswordResetAction } from "../actions";

export function ForgotForm() {
  return (
    <OneFieldForm
      action={requestPasswordResetAction}
      field={{ id: "forgot-identifier", name: "identifier", label: m.identifier, autoComplete: "username" }}
      submit={m.requestSubmit}
    />
  );
}
