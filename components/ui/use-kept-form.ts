"use client";

import { useTransition, type FormEvent } from "react";

/**
 * React 19 clears an uncontrolled form after its action runs, so a refused submit would wipe what was typed
 * (both passwords after a wrong captcha, the consent box after any step-1 error). With JavaScript the form is
 * submitted from here instead, which leaves every field as typed; without it the form's `action` posts as usual.
 */
export function useKeptForm(dispatch: (data: FormData) => void): { onSubmit: (event: FormEvent<HTMLFormElement>) => void; pending: boolean } {
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  };
  return { onSubmit, pending };
}
