import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, refuseHostileRequest } from "@/lib/server/security/request-guard";

const post = (contentLength: string | null, transferEncoding: string | null = null) =>
  refuseHostileRequest({ method: "POST", rawPath: "/register", contentLength, transferEncoding });

describe("refuseHostileRequest", () => {
  it("lets ordinary requests through", () => {
    expect(refuseHostileRequest({ method: "GET", rawPath: "/dev/mail/abc%20d", contentLength: null, transferEncoding: null })).toBeNull();
    expect(post("1234")).toBeNull();
    expect(post(String(MAX_BODY_BYTES))).toBeNull();
    expect(post(null)).toBeNull();
  });

  it("refuses a body over the limit with 413, and one of unknown length with 411", () => {
    expect(post(String(MAX_BODY_BYTES + 1))).toMatchObject({ status: 413 });
    expect(post("99999999999999999999")).toMatchObject({ status: 400 });
    expect(post("-1")).toMatchObject({ status: 400 });
    expect(post("abc")).toMatchObject({ status: 400 });
    expect(post(null, "chunked")).toMatchObject({ status: 411 });
  });

  it("refuses a path that cannot be decoded with 400", () => {
    for (const rawPath of ["/dev/mail/%", "/%E0%A4%A", "/a%zz"]) {
      expect(refuseHostileRequest({ method: "GET", rawPath, contentLength: null, transferEncoding: null })).toMatchObject({ status: 400 });
    }
  });
});
