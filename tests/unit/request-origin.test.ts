import { describe, expect, it } from "vitest";
import { isForeignRequest, isFromOwnPages } from "@/lib/server/security/request-origin";

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

describe("isFromOwnPages", () => {
  it.each([
    [{ secFetchSite: "same-origin", referer: null }, true],
    [{ secFetchSite: "SAME-ORIGIN", referer: null }, true],
    [{ secFetchSite: "same-origin", referer: "https://evil.example/" }, true],
    [{ secFetchSite: null, referer: `${APP}/account` }, true],
    [{ secFetchSite: "none", referer: null }, false],
    [{ secFetchSite: "cross-site", referer: `${APP}/account` }, false],
    [{ secFetchSite: "same-site", referer: null }, false],
    [{ secFetchSite: null, referer: null }, false],
    [{ secFetchSite: null, referer: "https://evil.example/account" }, false],
    [{ secFetchSite: null, referer: "https://account.example.evil.example/" }, false],
    [{ secFetchSite: null, referer: "not a url" }, false],
  ])("%j → %s", (headers, ours) => {
    expect(isFromOwnPages(headers, APP)).toBe(ours);
  });
});
