import { describe, expect, it } from "vitest";
import { healthView, type Health } from "@/lib/server/ops/health";

const TOKEN = "operators-only-token-0123456789";
const health: Health = { status: "ok", database: "up", outbox: { pending: 2, retrying: 1, dead: 0 } };

describe("healthView", () => {
  it("tells the public only up or down", () => {
    expect(healthView(health, null, TOKEN)).toEqual({ status: "ok" });
    expect(healthView(health, "Bearer wrong", TOKEN)).toEqual({ status: "ok" });
    expect(healthView(health, `Bearer ${TOKEN}x`, TOKEN)).toEqual({ status: "ok" });
    expect(healthView(health, TOKEN, TOKEN)).toEqual({ status: "ok" });
    expect(healthView({ status: "unavailable", database: "down" }, null, TOKEN)).toEqual({ status: "unavailable" });
  });

  it("gives the figures to whoever presents the operators' token, and to nobody when none is set", () => {
    expect(healthView(health, `Bearer ${TOKEN}`, TOKEN)).toEqual(health);
    expect(healthView(health, "Bearer ", undefined)).toEqual({ status: "ok" });
    expect(healthView(health, "Bearer undefined", undefined)).toEqual({ status: "ok" });
  });
});
