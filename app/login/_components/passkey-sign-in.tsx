"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type * as WebAuthn from "@simplewebauthn/browser";
import { FormAlert } from "@/components/ui/form-alert";
import { useHydrated } from "@/components/ui/use-hydrated";
import { passkeySignInAction, passkeySignInOptionsAction } from "../passkey-actions";

export type PasskeySignInWords = { signIn: string; needsJavaScript: string; unsupported: string; cancelled: string; failed: string; waiting: string };

type WebAuthnBrowser = typeof WebAuthn;
type Ceremony = Parameters<WebAuthnBrowser["startAuthentication"]>[0];

/** @simplewebauthn/browser, fetched only by a page that runs a ceremony (the sign-in page, after it has shown). */
const loadWebAuthn = (): Promise<WebAuthnBrowser> => import("@simplewebauthn/browser");

/**
 * A fresh autofill request before the server's challenge (5 minutes) runs out: browsers may keep a conditional
 * request open far longer than its timeout, and an answer to a dead challenge would only say "too late".
 */
const AUTOFILL_RENEW_MS = 4.5 * 60 * 1000;

/** The browser's refusal when the person closed its dialog, it timed out, or no passkey of this site is there. */
const isCancellation = (error: unknown) => error instanceof Error && (error.name === "NotAllowedError" || error.name === "AbortError");

/**
 * "Sign in with a passkey", and the browser's autofill of passkeys in the identifier field (conditional UI: the
 * field's autocomplete says "webauthn"): either way the browser offers this site's passkeys, no identifier typed.
 * Passkeys need JavaScript: without it the page says so, and the password form works as before.
 *
 * A browser runs one WebAuthn request at a time. The autofill's waits in the background from the page's opening;
 * the button ends it (and its generation number makes a late-arriving autofill stand down) before starting its own,
 * and the autofill is armed again after the button's ceremony has ended.
 */
export function PasskeySignIn({ returnTo, words }: { returnTo?: string; words: PasskeySignInWords }) {
  const hydrated = useHydrated();
  const [support, setSupport] = useState<"unknown" | "yes" | "no">("unknown");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const webauthn = useRef<WebAuthnBrowser | null>(null);
  // Bumped by every ceremony started: an autofill whose number is no longer current has been overtaken.
  const generation = useRef(0);
  const autofillRunning = useRef<Promise<void> | null>(null);
  const live = useRef(true);
  // The autofill arms itself again (after a renewal, or an answer that may be retried) through this.
  const rearm = useRef<() => void>(() => undefined);

  /** The browser's answer, sent to the server: the session starts and the page goes on, or the message says why not. */
  const answer = useCallback(
    async (response: WebAuthn.AuthenticationResponseJSON): Promise<"signed-in" | "again" | "stop"> => {
      const form = new FormData();
      form.set("response", JSON.stringify(response));
      if (returnTo) form.set("next", returnTo);
      const result = await passkeySignInAction(form);
      if (result.ok) {
        window.location.assign(result.to);
        return "signed-in";
      }
      setMessage(result.message);
      return result.again ? "again" : "stop";
    },
    [returnTo],
  );

  const armAutofill = useCallback(() => {
    const lib = webauthn.current;
    if (!lib || !live.current) return;
    const mine = ++generation.current;
    const running = (async () => {
      const start = await passkeySignInOptionsAction();
      if (!start.ok || mine !== generation.current || !live.current) return;
      let renewing = false;
      const renew = setTimeout(() => {
        if (mine !== generation.current) return;
        renewing = true;
        lib.WebAuthnAbortService.cancelCeremony();
      }, AUTOFILL_RENEW_MS);
      let response: WebAuthn.AuthenticationResponseJSON;
      try {
        response = await lib.startAuthentication({ optionsJSON: start.options, useBrowserAutofill: true } satisfies Ceremony);
      } catch {
        clearTimeout(renew);
        // Ended to renew its challenge: armed again. Ended for the button, or by the page going away: not (a
        // request sent as the page unloads would only be cut off mid-way).
        if (renewing && live.current) setTimeout(() => rearm.current(), 0);
        return;
      }
      clearTimeout(renew);
      setBusy(true);
      const next = await answer(response);
      if (next !== "signed-in") setBusy(false);
      if (next === "again") setTimeout(() => rearm.current(), 0);
    })().catch(() => {
      // The options or the answer did not reach the server (offline, a new deployment): the button still works.
      if (mine === generation.current) setBusy(false);
    });
    autofillRunning.current = running;
  }, [answer]);

  useEffect(() => {
    rearm.current = armAutofill;
  }, [armAutofill]);

  useEffect(() => {
    live.current = true;
    void loadWebAuthn().then(async (lib) => {
      if (!live.current) return;
      webauthn.current = lib;
      setSupport(lib.browserSupportsWebAuthn() ? "yes" : "no");
      if (await lib.browserSupportsWebAuthnAutofill()) armAutofill();
    });
    return () => {
      live.current = false;
      webauthn.current?.WebAuthnAbortService.cancelCeremony();
    };
  }, [armAutofill]);

  const signIn = async () => {
    const lib = webauthn.current;
    if (busy || !lib) return;
    setBusy(true);
    setMessage(undefined);
    // The autofill stands down: its ceremony is ended and waited for, its late options ignored.
    generation.current += 1;
    lib.WebAuthnAbortService.cancelCeremony();
    await autofillRunning.current;
    let next: "signed-in" | "again" | "stop" = "again";
    try {
      const start = await passkeySignInOptionsAction();
      if (!start.ok) {
        setMessage(start.message);
      } else {
        let response: WebAuthn.AuthenticationResponseJSON | null = null;
        try {
          response = await lib.startAuthentication({ optionsJSON: start.options } satisfies Ceremony);
        } catch (error) {
          setMessage(isCancellation(error) ? words.cancelled : words.failed);
        }
        if (response) next = await answer(response);
      }
    } catch {
      setMessage(words.failed);
    }
    if (next === "signed-in") return;
    setBusy(false);
    if (next === "again") armAutofill();
  };

  return (
    <div className="passkey-sign-in">
      {/* In the HTML until the script runs (a <noscript> would not show where scripts are merely blocked). */}
      {hydrated ? null : <p className="field__hint">{words.needsJavaScript}</p>}
      {support === "no" ? <p className="field__hint">{words.unsupported}</p> : null}
      {support === "yes" ? (
        // aria-disabled, not disabled: the button keeps the keyboard's focus while the browser's dialog is open.
        <button type="button" className="button button--secondary" onClick={() => void signIn()} aria-disabled={busy} aria-busy={busy}>
          {busy ? words.waiting : words.signIn}
        </button>
      ) : null}
      <FormAlert message={message} />
    </div>
  );
}
