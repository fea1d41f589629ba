import { describe, expect, it } from "vitest";
import { captchaPng, captchaSvg } from "@/lib/server/security/captcha-image";
import { CAPTCHA_IMAGE_HEIGHT, CAPTCHA_IMAGE_WIDTH } from "@/lib/shared/captcha-rules";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("the captcha picture", () => {
  it("is a PNG at twice the shown size, with no vector paths a program could match", () => {
    const png = captchaPng("Ab3xY");
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: width and height, big-endian, right after the chunk header.
    expect(png.readUInt32BE(16)).toBe(CAPTCHA_IMAGE_WIDTH * 2);
    expect(png.readUInt32BE(20)).toBe(CAPTCHA_IMAGE_HEIGHT * 2);
    const text = png.toString("latin1");
    for (const marker of ["<svg", "<path", " d=\"M", "Ab3xY"]) expect(text).not.toContain(marker);
  });

  it("bends every drawing differently, so glyphs never line up with the font or each other", () => {
    const bends = new Set(Array.from({ length: 20 }, () => /<g transform="([^"]+)"/.exec(captchaSvg("Ab3xY"))?.[1]));
    expect(bends.size).toBeGreaterThan(15);
    // With the randomness fixed, the drawing's frame is fixed too: the bend comes from it alone.
    const fixed = (min: number) => min;
    expect(/<g transform="([^"]+)"/.exec(captchaSvg("Ab3xY", fixed))?.[1]).toBe(/<g transform="([^"]+)"/.exec(captchaSvg("Zz9qq", fixed))?.[1]);
  });
});
