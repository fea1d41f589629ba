import { SubmitButton } from "@/components/ui/submit-button";
import { messages } from "@/lib/shared/messages";
import { signOutEverywhereAction } from "../actions";
import styles from "./account.module.css";

const m = messages.account;

export function SignOutEverywhereForm() {
  return (
    <form action={signOutEverywhereAction} className="form">
      <p className={`muted ${styles.hint}`}>
        {m.signOutEverywhereHint}
      </p>
      <SubmitButton secondary>{m.signOutEverywhere}</SubmitButton>
    </form>
  );
}
