"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { PASSWORD_MIN_LENGTH, passwordChecklist, type PasswordChecklist } from "@/lib/shared/password-rules";
import { PasswordField } from "./password-field";
import { useHydrated } from "./use-hydrated";

type Props = {
  /** Ids of the two inputs; their names are always "password" and "confirmPassword". */
  ids: { password: string; confirm: string };
  labels: { password: string; confirm: string };
  /** The account's email, for the "not your email name" line; the server checks it either way. */
  email?: string;
  errors?: { password?: string[]; confirmPassword?: string[] };
};

/**
 * A new password and its confirmation, with a checklist that ticks as the person types, computed by the same
 * rule module the server uses. Without JavaScript the list is the rule, unticked. It is the password field's
 * description rather than a live region: read when the field is focused, not after every keystroke.
 */
export function NewPasswordFields({ ids, labels, email = "", errors = {} }: Props) {
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const hydrated = useHydrated();
  const m = useTranslations("fields.checklist");
  const checks = passwordChecklist(password, confirmation, email);
  const lines: (keyof PasswordChecklist)[] = ["length", "kinds", ...(checks.characters ? [] : ["characters" as const]), ...(email ? ["notEmail" as const] : []), "match"];
  const checklist = (
    <>
      <span className="checklist__title">{m("title")}</span>
      <ul className="checklist" data-testid="password-checklist">
        {lines.map((line) => {
          const met = hydrated && checks[line];
          return (
            <li key={line} className={met ? "checklist__item checklist__item--met" : "checklist__item"} data-met={hydrated ? String(met) : undefined}>
              <span className="checklist__mark" aria-hidden="true">{met ? "✓" : "•"}</span>
              {m(line)}
              {hydrated ? <span className="sr-only">{`: ${met ? m("met") : m("unmet")}`}</span> : null}
            </li>
          );
        })}
      </ul>
    </>
  );
  return (
    <>
      <PasswordField
        id={ids.password}
        name="password"
        label={labels.password}
        hint={checklist}
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        errors={errors.password}
        onValueChange={setPassword}
      />
      <PasswordField
        id={ids.confirm}
        name="confirmPassword"
        label={labels.confirm}
        autoComplete="new-password"
        errors={errors.confirmPassword}
        onValueChange={setConfirmation}
      />
    </>
  );
}
