import { describe, expect, it } from "vitest";
import { countryFromAcceptLanguage, countryName, isCountryCode, listCountries } from "@/lib/shared/countries";

describe("listCountries", () => {
  const list = listCountries();

  it("holds the ISO 3166-1 list (about 249 entries), each code once", () => {
    expect(list.length).toBeGreaterThanOrEqual(245);
    expect(list.length).toBeLessThanOrEqual(255);
    expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
    for (const { code, name } of list) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(name.length).toBeGreaterThan(1);
    }
  });

  it("is sorted by name for English readers", () => {
    const collator = new Intl.Collator("en");
    for (let i = 1; i < list.length; i++) {
      expect(collator.compare(list[i - 1]!.name, list[i]!.name), list[i]!.name).toBeLessThanOrEqual(0);
    }
    // Accented names sort with their base letter, not after Z.
    const names = list.map((c) => c.name);
    expect(names.indexOf("Åland Islands")).toBeLessThan(names.indexOf("Albania"));
  });

  it.each([
    ["GB", "United Kingdom"],
    ["US", "United States"],
    ["CN", "China"],
    ["TW", "Taiwan"],
    ["RU", "Russia"],
    ["ES", "Spain"],
  ])("includes %s as %j", (code, name) => {
    expect(list).toContainEqual({ code, name });
    expect(isCountryCode(code)).toBe(true);
    expect(countryName(code)).toBe(name);
  });

  it("knows no made-up or lower-case codes", () => {
    for (const code of ["ZZ", "UK", "EU", "gb", "GBR", ""]) expect(isCountryCode(code), code).toBe(false);
    expect(countryName("ZZ")).toBe("ZZ");
  });
});

describe("countryFromAcceptLanguage", () => {
  it.each([
    ["en-GB,en;q=0.9", "GB"],
    ["zh-Hant-TW", "TW"],
    ["zh-Hans-CN,zh;q=0.8", "CN"],
    ["es-es", "ES"],
    // The region of the most preferred range wins, whatever the order of writing.
    ["en;q=0.5,fr-CA;q=0.7,de-DE;q=0.9", "DE"],
    ["fr-FR;q=0.4, pt-BR", "BR"],
    // Equal weights keep the order of writing.
    ["it-IT;q=0.8,de-AT;q=0.8", "IT"],
    // A range without a region is skipped, not an answer.
    ["en,en-US;q=0.5", "US"],
    // q=0 means "not acceptable".
    ["de-DE;q=0,fr-FR;q=0.1", "FR"],
    ["  en-au ; q=1 ", "AU"],
  ])("%j → %s", (header, country) => {
    expect(countryFromAcceptLanguage(header)).toBe(country);
  });

  it.each([
    ["no region", "en"],
    ["several, none with a region", "fr, de;q=0.5, *"],
    ["a region that is not a country", "en-ZZ"],
    ["a numeric region", "es-419"],
    ["only q=0", "en-GB;q=0"],
    ["a bad weight", "en-GB;q=abc"],
    ["garbage", ";;;,,,=q"],
    ["punctuation", "!!!-@@"],
    ["empty", ""],
    ["null", null],
    ["undefined", undefined],
  ])("gives null for %s", (_name, header) => {
    expect(countryFromAcceptLanguage(header)).toBeNull();
  });
});
