import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/config/env";

describe("parseEnv", () => {
  it("fills in defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.CAPTCHA_TEST_CODE).toBeUndefined();
    expect(env).toMatchObject({
      DATABASE_URL: "file:./data/mi.db",
      APP_URL: "http://localhost:3000",
      PORT: 3000,
      MAIL_FROM: "Mi Account <no-reply@mi-account.localhost>",
      BCRYPT_COST: 12,
    });
  });

  it("reads every variable it is given", () => {
    const env = parseEnv({
      DATABASE_URL: "file:/var/lib/mi/mi.db",
      APP_URL: "https://account.example",
      PORT: "8080",
      SMTP_URL: "smtps://user:pass@mail.example:465",
      MAIL_FROM: "Mi <mi@example.com>",
      BCRYPT_COST: "10",
      CAPTCHA_TEST_CODE: "aB3dE",
    });
    expect(env).toMatchObject({
      DATABASE_URL: "file:/var/lib/mi/mi.db",
      APP_URL: "https://account.example",
      PORT: 8080,
      SMTP_URL: "smtps://user:pass@mail.example:465",
      MAIL_FROM: "Mi <mi@example.com>",
      BCRYPT_COST: 10,
      CAPTCHA_TEST_CODE: "aB3dE",
    });
  });

  it("treats empty variables as unset, so they take their defaults", () => {
    const env = parseEnv({ APP_URL: "", PORT: "", BCRYPT_COST: "", DATABASE_URL: "" });
    expect(env).toMatchObject({ APP_URL: "http://localhost:3000", PORT: 3000, BCRYPT_COST: 12, DATABASE_URL: "file:./data/mi.db" });
  });

  it("strips trailing slashes from APP_URL", () => {
    expect(parseEnv({ APP_URL: "https://account.example/" }).APP_URL).toBe("https://account.example");
    expect(parseEnv({ APP_URL: "http://localhost:3999///" }).APP_URL).toBe("http://localhost:3999");
    expect(parseEnv({ APP_URL: "https://example.com/mi/" }).APP_URL).toBe("https://example.com/mi");
  });

  it.each(["ftp://example.com", "example.com", "javascript:alert(1)"])("refuses APP_URL %j", (APP_URL) => {
    expect(() => parseEnv({ APP_URL })).toThrow(/APP_URL/);
  });

  it("accepts smtp:// and smtps:// and treats an empty SMTP_URL as unset", () => {
    expect(parseEnv({ SMTP_URL: "smtp://127.0.0.1:2525" }).SMTP_URL).toBe("smtp://127.0.0.1:2525");
    expect(parseEnv({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  it.each(["http://mail.example", "mail.example:25", "smtp:mail", "not a url"])("refuses SMTP_URL %j", (SMTP_URL) => {
    expect(() => parseEnv({ SMTP_URL })).toThrow(/SMTP_URL/);
  });

  it.each(["3", "16", "abc", "4.5", "-1"])("refuses BCRYPT_COST %j", (BCRYPT_COST) => {
    expect(() => parseEnv({ BCRYPT_COST })).toThrow(/BCRYPT_COST/);
  });

  it("accepts BCRYPT_COST from 4 to 15", () => {
    expect(parseEnv({ BCRYPT_COST: "4" }).BCRYPT_COST).toBe(4);
    expect(parseEnv({ BCRYPT_COST: "15" }).BCRYPT_COST).toBe(15);
  });

  it.each(["ABCD", "ABCDEF", "AB-12", "AB 12", "ÄBC12"])("refuses CAPTCHA_TEST_CODE %j", (CAPTCHA_TEST_CODE) => {
    expect(() => parseEnv({ CAPTCHA_TEST_CODE })).toThrow(/CAPTCHA_TEST_CODE: must be 5 letters or digits/);
  });

  it("takes a PostgreSQL URL in either spelling, and a pool size", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://mi:secret@db.internal:5432/mi" }).DATABASE_URL).toBe("postgres://mi:secret@db.internal:5432/mi");
    expect(parseEnv({ DATABASE_URL: "postgresql://mi@db.internal/mi?sslmode=require", DATABASE_POOL_SIZE: "25" })).toMatchObject({
      DATABASE_URL: "postgresql://mi@db.internal/mi?sslmode=require",
      DATABASE_POOL_SIZE: 25,
    });
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(10);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it("treats an empty CAPTCHA_TEST_CODE as unset", () => {
    expect(parseEnv({ CAPTCHA_TEST_CODE: "" }).CAPTCHA_TEST_CODE).toBeUndefined();
    expect(parseEnv({ CAPTCHA_TEST_CODE: "12345" }).CAPTCHA_TEST_CODE).toBe("12345");
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/mi"],
    ["DATABASE_URL", "./data/mi.db"],
    ["PORT", "0"],
    ["PORT", "65536"],
    ["PORT", "70000"],
    ["PORT", "abc"],
    ["PORT", "80.5"],
    ["MAIL_FROM", "x"],
  ])(
    "refuses %s=%j",
    (name, value) => {
      expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`Invalid configuration:\\n  ${name}:`));
    },
  );

  it("accepts PORT from 1 to 65535", () => {
    expect(parseEnv({ PORT: "1" }).PORT).toBe(1);
    expect(parseEnv({ PORT: "65535" }).PORT).toBe(65535);
  });

  it("names every bad variable at once", () => {
    expect(() => parseEnv({ SMTP_URL: "http://x", BCRYPT_COST: "99" })).toThrow(/SMTP_URL[\s\S]*BCRYPT_COST/);
  });
});
