import { describe, expect, it } from "vitest";
import { listCountries } from "@/lib/shared/countries";
import { formatLocalTime, readerLocale } from "@/lib/shared/local-time";
import { countryTimeZone } from "@/lib/shared/time-zones";

// Issue 21, point 12: times in the person's own zone and format, never the server's UTC.

const AT = "2026-12-05T23:11:42Z";

describe("countryTimeZone", () => {
  it("gives every country and region of the list a zone the runtime knows", () => {
    for (const { code } of listCountries()) {
      const zone = countryTimeZone(code);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: zone }), `${code}: ${zone}`).not.toThrow();
    }
  });

  it("picks where most people live, and UTC for what it does not know", () => {
    expect(countryTimeZone("GB")).toBe("Europe/London");
    expect(countryTimeZone("US")).toBe("America/New_York");
    expect(countryTimeZone("RU")).toBe("Europe/Moscow");
    expect(countryTimeZone("AU")).toBe("Australia/Sydney");
    expect(countryTimeZone("BR")).toBe("America/Sao_Paulo");
    expect(countryTimeZone("XX")).toBe("UTC");
    expect(countryTimeZone("toString")).toBe("UTC");
  });
});

describe("formatLocalTime", () => {
  it("writes a moment in the zone given, in the language's own format, naming the zone", () => {
    expect(formatLocalTime({ at: AT, locale: "en-GB", timeZone: countryTimeZone("GB") })).toBe("5 Dec 2026, 23:11 GMT");
    expect(formatLocalTime({ at: AT, locale: "en", timeZone: countryTimeZone("IN"), seconds: true })).toMatch(/^Dec 6, 2026, 4:41:42\sAM GMT\+5:30$/);
    expect(formatLocalTime({ at: new Date(AT), locale: "es", timeZone: countryTimeZone("ES") })).toBe("6 dic 2026, 0:11 CET");
  });
});

describe("readerLocale", () => {
  it("takes the browser's variant of the page's language, and nothing else", () => {
    expect(readerLocale("en", ["en-GB", "en"])).toBe("en-GB");
    expect(readerLocale("en", ["fr-FR", "en-AU"])).toBe("en-AU");
    expect(readerLocale("es", ["en-GB"])).toBe("es");
    expect(readerLocale("zh-CN", ["zh-TW"])).toBe("zh-TW");
    expect(readerLocale("en", ["en-"])).toBe("en");
  });
});
