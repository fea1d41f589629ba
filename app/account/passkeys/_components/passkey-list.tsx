"use client";

import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { FormState } from "@/lib/shared/form-state";
import { removePasskeyAction } from "../actions";

/** A passkey as the page lists it: its words made on the server (dates in the account's zone). */
export type ListedPasskey = { id: string; name: string; kind: string; added: string; lastUsed: string; removeTitle: string };

export type PasskeyListWords = { listLabel: string; none: string; remove: string; removeIntro: string; password: string };

/**
 * The account's passkeys, each with "Remove" (the password, in a disclosure that opens without JavaScript). One
 * action state for the whole list: the answer to a removal is shown here, after its passkey has left the list.
 */
export function PasskeyList({ passkeys, words }: { passkeys: ListedPasskey[]; words: PasskeyListWords }) {
  const [state, formAction] = useActionState(removePasskeyAction, {} as FormState);
  const kept = useKeptForm(formAction);
  const failed = state.values?.passkey;
  const index = passkeys.findIndex((passkey) => passkey.id === failed);
  return (
    <>
      <ErrorSummary state={state} fields={index >= 0 ? { password: `remove-passkey-${index}-password` } : {}} />
      {passkeys.length === 0 ? (
        <p className="muted" data-testid="no-passkeys">{words.none}</p>
      ) : (
        <ul className="passkey-list" aria-label={words.listLabel}>
          {passkeys.map((passkey, i) => (
            <li key={passkey.id} className="passkey-list__item" data-testid="passkey">
              <p className="passkey-list__name"><strong>{passkey.name}</strong></p>
              <p className="muted">{passkey.kind} · {passkey.added} · {passkey.lastUsed}</p>
              <details open={i === index ? true : undefined}>
                <summary>{words.remove}<span className="sr-only">: {passkey.name}</span></summary>
                <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-label={passkey.removeTitle}>
                  <input type="hidden" name="passkey" value={passkey.id} />
                  <p className="muted">{words.removeIntro}</p>
                  <PasswordField
                    id={`remove-passkey-${i}-password`}
                    name="password"
                    label={words.password}
                    autoComplete="current-password"
                    errors={i === index ? state.errors?.password : undefined}
                  />
                  <SubmitButton secondary busy={kept.pending} label={passkey.removeTitle}>{words.remove}</SubmitButton>
                </form>
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
