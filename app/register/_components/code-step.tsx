"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { ActivationDone } from "@/components/ui/activation-done";
import { ErrorSummary } from "@/components/ui/error-summary";
import { SubmitButton } from "@/components/ui/submit-button";
import { CodeField } from "@/components/ui/code-field";
import { registrationCodeAction, type CodeState } from "../actions";

type Props = {
  /** The account, when this browser's code has already activated it (a reload, a second press). */
  done: { miId: string; phone: string } | null;
  /** The page's words above the form (where the code went, and any delivery problem), rendered on the server. */
  children: ReactNode;
  resend: ReactNode;
  /** The activated page's sign-in link, back to an app's sign-in request when the registration began there. */
  signInHref?: string;
};

/**
 * The code page's form: one field for the 6-digit code, which takes what a person pastes ("123 456", "123-456").
 * The right code shows the Mi Account ID, as the activation link's page does; works without JavaScript (the form
 * posts and the page comes back with the answer).
 */
export function CodeStep({ done, children, resend, signInHref }: Props) {
  const m = useTranslations("checkPhone");
  // React empties the form after each answer: a wrong code is not kept, the next try starts from an empty field.
  const [state, formAction] = useActionState(registrationCodeAction, {} as CodeState);
  const activated = state.done ?? done;
  if (activated) return <ActivationDone miId={activated.miId} phone={activated.phone} signInHref={signInHref} />;
  return (
    <>
      {children}
      <form action={formAction} className="form" noValidate>
        <ErrorSummary state={state} fields={{ code: "register-code" }} />
        <CodeField id="register-code" label={m("code")} hint={m("codeHint")} errors={state.errors?.code} />
        <SubmitButton>{m("submit")}</SubmitButton>
      </form>
      <div style={{ marginTop: 20 }}>{resend}</div>
    </>
  );
}
