import { SubmitButton } from "@/components/ui/submit-button";
import { useTranslations } from "next-intl";
import { setOffersAction } from "../actions";

export function OffersForm({ wantsOffers }: { wantsOffers: boolean }) {
  const m = useTranslations("accountSettings");
  return (
    <form action={setOffersAction} className="form" aria-labelledby="offers-title">
      <label className="checkbox">
        <input type="checkbox" name="offers" defaultChecked={wantsOffers} />
        <span>{m("offersLabel")}</span>
      </label>
      <SubmitButton secondary>{m("offersSave")}</SubmitButton>
    </form>
  );
}
