import { SubmitButton } from "@/components/ui/submit-button";
import { messages } from "@/lib/shared/messages";
import { setOffersAction } from "../actions";

const m = messages.accountSettings;

export function OffersForm({ wantsOffers }: { wantsOffers: boolean }) {
  return (
    <form action={setOffersAction} className="form" aria-labelledby="offers-title">
      <h2 id="offers-title">{m.offersTitle}</h2>
      <label className="checkbox">
        <input type="checkbox" name="offers" defaultChecked={wantsOffers} />
        <span>{m.offersLabel}</span>
      </label>
      <SubmitButton secondary>{m.offersSave}</SubmitButton>
    </form>
  );
}
