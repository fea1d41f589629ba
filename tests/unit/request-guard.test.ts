import { describe, expect, it } from "vitest";
import { actionParameterCount, MAX_BODY_BYTES, refuseActionRequest, refuseHostileRequest, type ActionRequest } from "@/lib/server/security/request-guard";

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

describe("actionParameterCount", () => {
  it("reads the parameters an action declares from its id's first byte", () => {
    const rest = "cbdfedd54a0d867fd775a54692219a80d773a032";
    expect(actionParameterCount(`00${rest}`)).toBe(0);
    expect(actionParameterCount(`40${rest}`)).toBe(1);
    expect(actionParameterCount(`60${rest}`)).toBe(2);
    expect(actionParameterCount(`20${rest}`)).toBe(2); // the second used, the first not: still two sent
  });

  it("knows no id but a server action's, with no rest parameters", () => {
    const rest = "cbdfedd54a0d867fd775a54692219a80d773a032";
    for (const id of [`80${rest}`, `61${rest}`, `60${rest}0`, rest, "toString", "", `60${rest.toUpperCase()}`]) {
      expect(actionParameterCount(id), id).toBeNull();
    }
  });
});

describe("refuseActionRequest", () => {
  const signIn = "60cbdfedd54a0d867fd775a54692219a80d773a032"; // (state, formData)
  const setOffers = "40943ed1b9941cb2d8feb18cb5ef491e37a4d5437c"; // (formData)
  const signOut = "003391e6f20289e7792a3896ccebf2cc42823ca450"; // ()
  const base: ActionRequest = {
    actionId: null,
    fields: null,
    text: null,
    contentType: "",
    origin: "http://localhost:3000",
    host: "localhost:3000",
    knownActionIds: new Set([signIn, setOffers, signOut]),
  };
  const noScript = (state: string, id = signIn): ActionRequest => ({
    ...base,
    contentType: "multipart/form-data; boundary=x",
    fields: [
      ["$ACTION_REF_1", ""],
      ["$ACTION_1:0", `{"id":"${id}","bound":"$@1"}`],
      ["$ACTION_1:1", state],
      ["$ACTION_KEY", "k1"],
      ["identifier", "$not-json-and-not-a-reply"],
    ],
  });
  const script = (id: string, root: string): ActionRequest => ({
    ...base,
    actionId: id,
    contentType: "multipart/form-data; boundary=x",
    fields: [["0", root], ["1_identifier", "a@example.com"]],
  });
  const text = (id: string, body: string, contentType = "text/plain;charset=UTF-8"): ActionRequest => ({ ...base, actionId: id, contentType, text: body });

  it("lets the portal's own forms through, with and without JavaScript", () => {
    for (const state of ["[{}]", '[{"message":"$undefined","values":{"email":"$$dollar@x"},"errors":{"email":["x"]}}]']) {
      expect(refuseActionRequest(noScript(state)), state).toBeNull();
    }
    expect(refuseActionRequest({ ...base, contentType: "multipart/form-data", fields: [[`$ACTION_ID_${setOffers}`, ""], ["offers", "on"]] })).toBeNull();
    expect(refuseActionRequest({ ...base, contentType: "multipart/form-data", fields: [[`$ACTION_ID_${signOut}`, ""]] })).toBeNull();
    expect(refuseActionRequest(script(signIn, '[{"captchaNonce":"n"},"$K1"]'))).toBeNull();
    expect(refuseActionRequest(script(setOffers, '["$K1"]'))).toBeNull();
    expect(refuseActionRequest(text(signOut, "[]"))).toBeNull();
    // No Origin (curl, a hand-made request): Next.js would let it through with a warning in the log; browsers
    // always send one with a POST, so it is refused.
    expect(refuseActionRequest({ ...script(signIn, '[{},"$K1"]'), origin: null })).toMatchObject({ status: 403 });
    // Not an action at all: another content type without a Next-Action header.
    expect(refuseActionRequest({ ...base, contentType: "application/json", text: "[" })).toBeNull();
  });

  it("refuses a state or payload React's decoder would throw on, or nested deeper than a form's", () => {
    for (const state of ["garbage", "[", "null", "12", '["$Q1"]', '["$F1"]', '["$T"]', '["$@1"]', `[${"[".repeat(5000)}${"]".repeat(5000)}]`, `[${'{"a":'.repeat(9)}1${"}".repeat(9)}]`]) {
      expect(refuseActionRequest(noScript(state)), state.slice(0, 30)).toMatchObject({ status: 400 });
    }
    expect(refuseActionRequest(text(signIn, "[garbage"))).toMatchObject({ status: 400 });
    expect(refuseActionRequest(script(signIn, '[{},"$K1"]\u0000'))).toMatchObject({ status: 400 });
  });

  it("refuses arguments that are not the action's form: [], [null], JSON, the wrong count, a missing state", () => {
    for (const body of ["[]", "[null]", "{}", '[{},"$K1"]', `${"[".repeat(5000)}${"]".repeat(5000)}`]) {
      expect(refuseActionRequest(text(signIn, body)), body.slice(0, 20)).toMatchObject({ status: 400 });
      expect(refuseActionRequest(text(signIn, body, "application/json")), body.slice(0, 20)).toMatchObject({ status: 400 });
    }
    for (const root of ["[]", "[null]", '["$K1"]', '[null,"$K1"]', '[[],"$K1"]', '["$K1",{}]', '[{},"$K1",1]', '[{},{}]']) {
      expect(refuseActionRequest(script(signIn, root)), root).toMatchObject({ status: 400 });
    }
    expect(refuseActionRequest(script(setOffers, '[{},"$K1"]'))).toMatchObject({ status: 400 });
    expect(refuseActionRequest(text(signOut, "[null]"))).toMatchObject({ status: 400 });
    expect(refuseActionRequest({ ...script(signIn, '[{},"$K1"]'), fields: [["0", '[{},"$K1"]'], ["1", "{}"]] })).toMatchObject({ status: 400 });
    for (const state of ["[]", "[null]", "[{},{}]", "[[]]", '["a"]']) {
      expect(refuseActionRequest(noScript(state)), state).toMatchObject({ status: 400 });
    }
    expect(refuseActionRequest(noScript("[{}]", setOffers))).toMatchObject({ status: 400 });
    // A two-parameter action named without its state, or with none bound.
    expect(refuseActionRequest({ ...base, contentType: "multipart/form-data", fields: [[`$ACTION_ID_${signIn}`, ""]] })).toMatchObject({ status: 400 });
    const unbound = noScript("[{}]");
    unbound.fields![1] = ["$ACTION_1:0", `{"id":"${signIn}","bound":null}`];
    expect(refuseActionRequest(unbound)).toMatchObject({ status: 400 });
  });

  it("refuses a form post whose action fields are missing, doubled or unreadable", () => {
    const multipart = (fields: [string, string][]): ActionRequest => ({ ...base, contentType: "multipart/form-data", fields });
    const meta = `{"id":"${signIn}","bound":"$@1"}`;
    for (const fields of [
      [["identifier", "a"]],
      [["$ACTION_KEY", "k1"]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:1", "[{}]"]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", meta]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${signIn}","bound":"$@2"}`], ["$ACTION_1:2", "[{}]"]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", "[garbage"], ["$ACTION_1:1", "[{}]"]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", meta], ["$ACTION_1:0", meta], ["$ACTION_1:1", "[{}]"]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", meta], ["$ACTION_1:1", "[{}]"], ["$ACTION_REF_2", ""], ["$ACTION_2:0", meta], ["$ACTION_2:1", "[{}]"]],
      [["$ACTION_REF_x", ""], ["$ACTION_x:0", meta], ["$ACTION_x:1", "[{}]"]],
      [[`$ACTION_ID_${signIn.slice(2)}`, ""]],
    ] as [string, string][][]) {
      expect(refuseActionRequest(multipart(fields)), JSON.stringify(fields)).toMatchObject({ status: 400 });
    }
  });

  it("refuses an action from another origin, a null one or an unreadable one with 403, as Next.js would but as a 4xx", () => {
    for (const origin of ["https://evil.example", "null", "::::", "http://localhost:3001", "http://localhost:3000.evil.example"]) {
      expect(refuseActionRequest({ ...script(signIn, '[{},"$K1"]'), origin }), origin).toMatchObject({ status: 403 });
      expect(refuseActionRequest({ ...noScript("[{}]"), origin }), origin).toMatchObject({ status: 403 });
    }
    // Next.js compares with the host the request was sent to: the first X-Forwarded-Host, else Host.
    expect(refuseActionRequest({ ...script(signIn, '[{},"$K1"]'), origin: "https://mi.example", host: "mi.example" })).toBeNull();
  });

  it("answers an action the build does not have as Next.js does (409, its client reloads), and lets any through when the list is unknown", () => {
    const stale = `60${"ab".repeat(20)}`;
    expect(refuseActionRequest(script(stale, '[{},"$K1"]'))).toMatchObject({ status: 409, headers: { "x-nextjs-action-not-found": "1" } });
    expect(refuseActionRequest(noScript("[{}]", stale))).toMatchObject({ status: 400 });
    expect(refuseActionRequest({ ...script(stale, '[{},"$K1"]'), knownActionIds: null })).toBeNull();
    for (const id of ["x", "toString", "", signIn.toUpperCase()]) {
      expect(refuseActionRequest(script(id, '[{},"$K1"]')), id).toMatchObject({ status: 400 });
    }
  });
});
