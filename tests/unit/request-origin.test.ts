import { describe, expect, it } from "vitest";
import { isForeignRequest } from "@/lib/server/security/request-origin";

const APP = "https://account.example";

describe("isForeignRequest", () => {
  it.each([
    [{ secFetchSite: "same-origin", origin: null }, false],
    [{ secFetchSite: "same-origin", origin: APP }, false],
    [{ secFetchSite: "none", origin: null }, false],
    [{ secFetchSite: null, origin: null }, false],
    [{ secFetchSite: null, origin: APP }, false],
    [{ secFetchSite: "cross-site", origin: null }, true],
    [{ secFetchSite: "same-site", origin: "https://other.account.example" }, true],
    [{ secFetchSite: null, origin: "null" }, true],
    [{ secFetchSite: null, origin: "https://evil.example" }, true],
    [{ secFetchSite: "same-origin", origin: "http://account.example" }, true],
    [{ secFetchSite: "CROSS-SITE", origin: APP }, true],
  ])("%j → %s", (headers, foreign) => {
    expect(isForeignRequest(headers, APP)).toBe(foreign);
  });
});
