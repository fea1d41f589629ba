import { describe, expect, it } from "vitest";
import { listCountries } from "@/lib/shared/countries";
import { offersTickedByDefault } from "@/lib/shared/offers-consent";

describe("offersTickedByDefault", () => {
  it("starts unticked in the EU, the EEA and the UK, ticked elsewhere", () => {
    for (const code of ["DE", "FR", "ES", "IE", "NO", "IS", "LI", "GB"]) expect(offersTickedByDefault(code), code).toBe(false);
    for (const code of ["CN", "IN", "ID", "RU", "US", "BR", "CH"]) expect(offersTickedByDefault(code), code).toBe(true);
    expect(offersTickedByDefault("")).toBe(false);
  });

  it("names only real country codes", () => {
    const codes = new Set(listCountries().map((country) => country.code));
    const optIn = listCountries().filter((country) => !offersTickedByDefault(country.code)).map((country) => country.code);
    expect(optIn).toHaveLength(31);
    for (const code of optIn) expect(codes.has(code)).toBe(true);
  });
});
