import { FieldErrors, describedBy } from "@/components/ui/field-errors";
import type { PhoneCountry } from "@/app/_lib/phone-countries";

type Props = {
  id: string;
  label: string;
  hint: string;
  placeholder: string;
  countries: readonly PhoneCountry[];
  defaultValue: string;
  errors?: readonly string[];
};

/** The country/region a phone number typed without its calling code is read in; each option shows its calling code. */
export function PhoneCountrySelect({ id, label, hint, placeholder, countries, defaultValue, errors }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name="country"
        className="select"
        defaultValue={defaultValue}
        key={`${id}-${defaultValue}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, `${id}-hint`)}
      >
        <option value="">{placeholder}</option>
        {countries.map((country) => (
          <option key={country.code} value={country.code}>{`${country.name} (${country.callingCode})`}</option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field__hint">{hint}</p>
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}
