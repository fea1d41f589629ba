"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type * as WebAuthn from "@simplewebauthn/browser";
import { FormAlert } from "@/components/ui/form-alert";
import { useHydrated } from "@/components/ui/use-hydrated";
import { passkeySignInAction, passkeySignInOptionsAction } from "../passkey-actions";

export type PasskeySignInWords = { signIn: string; needsJavaScript: string; unsupported: string; cancelled: string; waiting: string };

type WebAuthnBrowser = typeof WebAuthn;

/** @simplewebauthn/browser, fetched only by a page that runs a ceremony (the sign-in page, after it has shown). */
const loadWebAuthn = (): Promise<WebAuthnBrowser> => import("@simplewebauthn/browser");

/**
 * "Sign in with a passkey", and the browser's autofill of passkeys in the identifier field (conditional UI: the
 * field's autocomplete says "webauthn"): either way the browser offers this site's passkeys, no identifier typed.
 * Passkeys need JavaScript: without it the page says so, and the password form works as before.
 */
export function PasskeySignIn({ returnTo, words }: { returnTo?: string; words: PasskeySignInWords }) {
  const hydrated = useHydrated();
  const [support, setSupport] = useState<"unknown" | "yes" | "no">("unknown");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  // The autofill's ceremony is started once per page and again after an answer that may be retried.
  const autofill = useRef<(() => void) | null>(null);
  // The autofill's ceremony while it waits: the button ends it, and waits for it to end, before starting its own
  // (a browser takes one WebAuthn request at a time and refuses a second while the first is still pending).
  const waiting = useRef<Promise<void> | null>(null);

  const finish = useCallback(
    async (webauthn: WebAuthnBrowser, options: Parameters<WebAuthnBrowser["startAuthentication"]>[0]) => {
      const response = await webauthn.startAuthentication(options);
      setBusy(true);
      const form = new FormData();
      form.set("response", JSON.stringify(response));
      if (returnTo) form.set("next", returnTo);
      const answer = await passkeySignInAction(form);
      if (answer.ok) {
        window.location.assign(answer.to);
        return;
      }
      setBusy(false);
      setMessage(answer.message);
      if (answer.again) autofill.current?.();
    },
    [returnTo],
  );

  useEffect(() => {
    let live = true;
    void loadWebAuthn().then(async (webauthn) => {
      if (!live) return;
      setSupport(webauthn.browserSupportsWebAuthn() ? "yes" : "no");
      if (!(await webauthn.browserSupportsWebAuthnAutofill())) return;
      autofill.current = () => {
        waiting.current = passkeySignInOptionsAction().then(async (start) => {
          if (!live || !start.ok) return;
          // Rejected with an AbortError when the button starts its own ceremony: that one answers instead.
          await finish(webauthn, { optionsJSON: start.options, useBrowserAutofill: true }).catch(() => undefined);
        });
      };
      autofill.current();
    });
    return () => {
      live = false;
    };
  }, [finish]);

  const signIn = async () => {
    setMessage(undefined);
    const webauthn = await loadWebAuthn();
    if (waiting.current) {
      webauthn.WebAuthnAbortService.cancelCeremony();
      await waiting.current;
      waiting.current = null;
    }
    const start = await passkeySignInOptionsAction();
    if (!start.ok) {
      setMessage(start.message);
      return;
    }
    setBusy(true);
    try {
      await finish(webauthn, { optionsJSON: start.options });
    } catch {
      // Cancelled, timed out, or no passkey of this site on the device: the browser does not say which.
      setBusy(false);
      setMessage(words.cancelled);
      autofill.current?.();
    }
  };

  return (
    <div className="passkey-sign-in">
      {/* In the HTML until the script runs (a <noscript> would not show where scripts are merely blocked). */}
      {hydrated ? null : <p className="field__hint">{words.needsJavaScript}</p>}
      {support === "no" ? <p className="field__hint">{words.unsupported}</p> : null}
      {support === "yes" ? (
        <button type="button" className="button button--secondary" onClick={() => void signIn()} disabled={busy} aria-busy={busy}>
          {busy ? words.waiting : words.signIn}
        </button>
      ) : null}
      <FormAlert message={message} />
    </div>
  );
}
