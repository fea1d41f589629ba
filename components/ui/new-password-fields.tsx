"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import {
  commonPasswordCheckApplies,
  commonPasswordHash,
  commonPasswordRangePath,
  PASSWORD_MIN_LENGTH,
  passwordChecklist,
  type PasswordChecklist,
} from "@/lib/shared/password-rules";
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
  const notCommon = useNotCommon(password);
  const checks = passwordChecklist({ password, confirmation, email, notCommon });
  const lines: (keyof PasswordChecklist)[] = [
    "length",
    "kinds",
    ...(checks.characters ? [] : ["characters" as const]),
    ...(email ? ["notEmail" as const] : []),
    "notCommon",
    "match",
  ];
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

// One request per bucket per page: a bucket's answer holds for every password in it.
const buckets = new Map<string, Promise<string[] | null>>();

function bucket(prefix: string): Promise<string[] | null> {
  let answer = buckets.get(prefix);
  if (!answer) {
    answer = fetch(commonPasswordRangePath(prefix))
      .then((response) => (response.ok ? (response.json() as Promise<{ suffixes: string[] }>) : null))
      .then((body) => body?.suffixes ?? null)
      .catch(() => null);
    // A failed answer is not kept: the next keystroke asks again.
    answer.then((suffixes) => (suffixes ? undefined : buckets.delete(prefix)));
    buckets.set(prefix, answer);
  }
  return answer;
}

/**
 * The common-password list's verdict on `password`, asked of the server by hash prefix (k-anonymity: the
 * password is not sent, lib/shared/password-rules.ts): true when it is not on the list, undefined while unknown
 * or not worth asking (the rule's shape is not met yet). The server checks again on submit either way.
 */
function useNotCommon(password: string): boolean | undefined {
  const [verdict, setVerdict] = useState<{ password: string; notCommon: boolean }>();
  useEffect(() => {
    if (!commonPasswordCheckApplies(password)) return;
    let current = true;
    const { prefix, suffix } = commonPasswordHash(password);
    void bucket(prefix).then((suffixes) => {
      if (current && suffixes) setVerdict({ password, notCommon: !suffixes.includes(suffix) });
    });
    return () => {
      current = false;
    };
  }, [password]);
  return verdict?.password === password ? verdict.notCommon : undefined;
}
