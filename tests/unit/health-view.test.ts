import { describe, expect, it } from "vitest";
import { healthView, type Health } from "@/lib/server/ops/health";

const TOKEN = "operators-only-token-0123456789";
const health: Health = { status: "ok", database: "up", outbox: { pending: 2, retrying: 1, dead: 0 } };

describe("healthView", () => {
  it("tells the public only up or down", () => {
    expect(healthView({ health, authorization: null, token: TOKEN })).toEqual({ status: "ok" });
    expect(healthView({ health, authorization: "Bearer wrong", token: TOKEN })).toEqual({ status: "ok" });
    expect(healthView({ health, authorization: `Bearer ${TOKEN}x`, token: TOKEN })).toEqual({ status: "ok" });
    expect(healthView({ health, authorization: TOKEN, token: TOKEN })).toEqual({ status: "ok" });
    expect(healthView({ health: { status: "unavailable", database: "down" }, authorization: null, token: TOKEN })).toEqual({ status: "unavailable" });
  });

  it("gives the figures to whoever presents the operators' token, and to nobody when none is set", () => {
    expect(healthView({ health, authorization: `Bearer ${TOKEN}`, token: TOKEN })).toEqual(health);
    expect(healthView({ health, authorization: "Bearer ", token: undefined })).toEqual({ status: "ok" });
    expect(healthView({ health, authorization: "Bearer undefined", token: undefined })).toEqual({ status: "ok" });
  });
});
