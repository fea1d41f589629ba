import { describe, expect, it } from "vitest";
import { clientIp, ipGroup, normalizeIp } from "@/lib/server/security/client-ip";

describe("normalizeIp", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["[2001:DB8::1]:443", "2001:db8::1"],
    ["1.2.3.4:5678", "1.2.3.4"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["evil.example", null],
    ["", null],
    [null, null],
    ["1.2.3.4, 5.6.7.8", null],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });
});

describe("clientIp", () => {
  it("uses the socket alone when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientIp({ socketIp: "203.0.113.9", forwardedFor: "1.1.1.1", trustedProxies: 0 })).toBe("203.0.113.9");
    expect(clientIp({ socketIp: "203.0.113.9", forwardedFor: "1.1.1.1, 2.2.2.2", trustedProxies: 0 })).toBe("203.0.113.9");
  });

  it("takes the entry the trusted proxy appended, so a client's own entries cannot pick its counter", () => {
    // One proxy (10.0.0.1) appends the address it saw: the rightmost entry.
    expect(clientIp({ socketIp: "10.0.0.1", forwardedFor: "198.51.100.7", trustedProxies: 1 })).toBe("198.51.100.7");
    // The client sends its own X-Forwarded-For; the proxy appends the real address after it.
    expect(clientIp({ socketIp: "10.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.7", trustedProxies: 1 })).toBe("198.51.100.7");
    expect(clientIp({ socketIp: "10.0.0.1", forwardedFor: "1.1.1.1, 2.2.2.2, 6.6.6.6, 198.51.100.7", trustedProxies: 1 })).toBe("198.51.100.7");
  });

  it("counts hops from the right for several trusted proxies", () => {
    expect(clientIp({ socketIp: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7, 10.0.0.1", trustedProxies: 2 })).toBe("198.51.100.7");
  });

  it("falls back to the socket when the header is missing or garbage", () => {
    expect(clientIp({ socketIp: "10.0.0.1", forwardedFor: null, trustedProxies: 1 })).toBe("10.0.0.1");
    expect(clientIp({ socketIp: "10.0.0.1", forwardedFor: "not-an-ip", trustedProxies: 1 })).toBe("10.0.0.1");
    expect(clientIp({ socketIp: undefined, forwardedFor: null, trustedProxies: 0 })).toBe("unknown");
  });
});

describe("ipGroup", () => {
  it("keeps an IPv4 address whole", () => {
    expect(ipGroup("198.51.100.7")).toBe("198.51.100.7");
  });

  it("groups IPv6 by /64, however the address is written", () => {
    const group = "2001:db8:1:2::/64";
    for (const ip of ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:0db8:0001:0002::", "2001:db8:1:2:0:0:0:9"]) {
      expect(ipGroup(ip)).toBe(group);
    }
    expect(ipGroup("2001:db8:1:3::1")).not.toBe(group);
    expect(ipGroup("::1")).toBe("0:0:0:0::/64");
  });
});
