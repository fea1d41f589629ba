import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, refuseHostileRequest, refuseMalformedAction } from "@/lib/server/security/request-guard";

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

describe("refuseMalformedAction", () => {
  const form = (state: string): [string, string][] => [
    ["$ACTION_REF_1", ""],
    ["$ACTION_1:0", '{"id":"60024e","bound":"$@1"}'],
    ["$ACTION_1:1", state],
    ["identifier", "$not-json-and-not-a-reply"],
  ];

  it("lets the portal's own payloads through", () => {
    for (const state of ["[{}]", '[{"message":"$undefined","values":{"email":"$$dollar@x"}}]', '["$K1"]', '["$@1"]', "[1,2,3]"]) {
      expect(refuseMalformedAction({ fields: form(state) }), state).toBeNull();
    }
    expect(refuseMalformedAction({ text: '["$K1",{"a":"b"}]' })).toBeNull();
  });

  it("refuses what React's decoder would throw on", () => {
    for (const state of ["garbage", "[", "null", '["$Q1"]', '["$F1"]', '["$T"]', "12"]) {
      expect(refuseMalformedAction({ fields: form(state) }), state).toMatchObject({ status: 400 });
    }
    expect(refuseMalformedAction({ text: "[garbage" })).toMatchObject({ status: 400 });
    expect(refuseMalformedAction({ fields: [["0", '["$F1"]']] })).toMatchObject({ status: 400 });
  });
});
