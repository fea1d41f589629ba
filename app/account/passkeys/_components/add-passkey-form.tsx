"use client";

import { useActionState, useState, type FormEvent } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { FormState } from "@/lib/shared/form-state";
import { addPasskeyWithoutScriptAction, finishAddingPasskeyAction, startAddingPasskeyAction } from "../actions";

export type AddPasskeyWords = {
  title: string;
  intro: string;
  name: string;
  nameHint: string;
  password: string;
  add: string;
  needsJavaScript: string;
  unsupported: string;
  cancelled: string;
  known: string;
};

/**
 * Adding a passkey: a name and the password, then the browser's own steps (navigator.credentials.create through
 * @simplewebauthn/browser, fetched when the form is sent). Without JavaScript the page says passkeys need it, and
 * the form's action answers the same.
 */
export function AddPasskeyForm({ words, defaultName }: { words: AddPasskeyWords; defaultName: string }) {
  const hydrated = useHydrated();
  const [withoutScript, formAction] = useActionState(addPasskeyWithoutScriptAction, {} as FormState);
  const [answer, setAnswer] = useState<FormState | null>(null);
  const [busy, setBusy] = useState(false);
  const state = answer ?? withoutScript;

  const add = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const webauthn = await import("@simplewebauthn/browser");
    if (!webauthn.browserSupportsWebAuthn()) return { message: words.unsupported };
    const start = await startAddingPasskeyAction(data);
    if (!start.ok) return start;
    let response;
    try {
      response = await webauthn.startRegistration({ optionsJSON: start.options });
    } catch (error) {
      // The authenticator already holds a passkey of this account (excludeCredentials), or the person said no.
      const code = (error as { code?: string }).code;
      return { message: code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" ? words.known : words.cancelled };
    }
    const answer = new FormData();
    answer.set("response", JSON.stringify(response));
    const done = await finishAddingPasskeyAction(answer);
    if (done.tone === "ok") form.reset();
    return done;
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    void add(form)
      .then(setAnswer)
      .finally(() => setBusy(false));
  };

  return (
    <form action={formAction} onSubmit={onSubmit} className="form" noValidate aria-labelledby="add-passkey-title">
      <h2 id="add-passkey-title">{words.title}</h2>
      {/* In the HTML until the script runs (a <noscript> would not show where scripts are merely blocked). */}
      {hydrated ? null : <p className="alert alert--info">{words.needsJavaScript}</p>}
      <p className="muted">{words.intro}</p>
      <ErrorSummary state={state} fields={{ name: "passkey-name", password: "passkey-password" }} />
      <TextField
        id="passkey-name"
        name="name"
        label={words.name}
        hint={words.nameHint}
        maxLength={50}
        required
        autoComplete="off"
        defaultValue={state.values?.name ?? defaultName}
        key={state.values?.name ?? defaultName}
        errors={state.errors?.name}
      />
      <PasswordField id="passkey-password" name="password" label={words.password} autoComplete="current-password" errors={state.errors?.password} />
      <SubmitButton busy={busy}>{words.add}</SubmitButton>
    </form>
  );
}
