import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "next-intl";
import { signOutEverywhereAction } from "../actions";
import styles from "./account.module.css";


export function SignOutEverywhereForm() {
  const m = useTranslations("account");
  return (
    <form action={signOutEverywhereAction} className="form">
      <p className={`muted ${styles.hint}`}>
        {m("signOutEverywhereHint")}
      </p>
      <SubmitButton secondary>{m("signOutEverywhere")}</SubmitButton>
    </form>
  );
}
