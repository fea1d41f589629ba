import { describe, expect, it } from "vitest";
import { browserLabel, describeBrowser, readBrowserLabel } from "@/lib/server/identity/browser-label";

// Issue 21, point 12: a session's browser is stored as codes and put into words in the reader's language.

const LINUX_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
const IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
const MI_BROWSER = "Mozilla/5.0 (Linux; U; Android 14; en-gb; 23049PCD8G) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/112.0.5615.136 Mobile Safari/537.36 XiaoMi/MiuiBrowser/14.9.1-gn";

describe("browserLabel", () => {
  it("stores what the User-Agent says as codes, and nothing when it says nothing", () => {
    expect(browserLabel(LINUX_CHROME)).toBe("chrome/linux");
    expect(browserLabel(IPHONE_SAFARI)).toBe("safari/ios");
    expect(browserLabel(MI_BROWSER)).toBe("miBrowser/android");
    expect(browserLabel("curl/8.5.0")).toBeNull();
    expect(browserLabel(undefined)).toBeNull();
  });
});

describe("readBrowserLabel", () => {
  it("reads codes, the English labels of sessions signed in before, and refuses anything else", () => {
    expect(readBrowserLabel("chrome/linux")).toEqual({ browser: "chrome", system: "linux" });
    expect(readBrowserLabel("/android")).toEqual({ browser: null, system: "android" });
    expect(readBrowserLabel("Chrome on Android")).toEqual({ browser: "chrome", system: "android" });
    expect(readBrowserLabel("A browser on Linux")).toEqual({ browser: null, system: "linux" });
    expect(readBrowserLabel("Firefox")).toEqual({ browser: "firefox", system: null });
    expect(readBrowserLabel("toString/constructor")).toBeNull();
    expect(readBrowserLabel("by hand")).toBeNull();
    expect(readBrowserLabel(null)).toBeNull();
  });
});

describe("describeBrowser", () => {
  it("puts the label into words of the page's language", () => {
    expect(describeBrowser(browserLabel(LINUX_CHROME), "en")).toBe("Chrome on Linux");
    expect(describeBrowser(browserLabel(LINUX_CHROME), "es")).toBe("Chrome en Linux");
    expect(describeBrowser(browserLabel(LINUX_CHROME), "fr")).toBe("Chrome sous Linux");
    expect(describeBrowser(browserLabel(MI_BROWSER), "zh-CN")).toBe("Android 上的 小米浏览器");
    expect(describeBrowser("/android", "en")).toBe("A browser on Android");
    expect(describeBrowser("firefox/", "ru")).toBe("Firefox");
    expect(describeBrowser("by hand", "en")).toBeNull();
  });
});
