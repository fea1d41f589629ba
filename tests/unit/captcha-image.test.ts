import { describe, expect, it } from "vitest";
import { CAPTCHA_COLOURS, captchaPng, captchaSvg } from "@/lib/server/security/captcha-image";
import { CAPTCHA_IMAGE_HEIGHT, CAPTCHA_IMAGE_WIDTH } from "@/lib/shared/captcha-rules";
import { decodePng } from "../support/png";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** WCAG 2's relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe("the captcha picture", () => {
  it("is a PNG at twice the shown size, with no vector paths a program could match", () => {
    const png = captchaPng("Ab3ER");
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: width and height, big-endian, right after the chunk header.
    expect(png.readUInt32BE(16)).toBe(CAPTCHA_IMAGE_WIDTH * 2);
    expect(png.readUInt32BE(20)).toBe(CAPTCHA_IMAGE_HEIGHT * 2);
    const text = png.toString("latin1");
    for (const marker of ["<svg", "<path", " d=\"M", "Ab3ER"]) expect(text).not.toContain(marker);
  });

  it("leaves blank a character outside the alphabet, which only CAPTCHA_TEST_CODE can hold", () => {
    expect(captchaPng("Bw7xK").subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  // Issue 21, point 7: it was 148 × 48 px, too small to read for many.
  it("is shown at least 240 × 80 CSS px", () => {
    expect(CAPTCHA_IMAGE_WIDTH).toBeGreaterThanOrEqual(240);
    expect(CAPTCHA_IMAGE_HEIGHT).toBeGreaterThanOrEqual(80);
  });

  // Issue 21, point 7: pale pastel letters on light grey. Every colour the drawing uses is one of CAPTCHA_COLOURS
  // (read from the SVG of many drawings), and each ink has at least WCAG AA's 4.5:1 against the ground.
  it("draws only dark inks with at least 4.5:1 contrast against its ground", () => {
    const used = new Set<string>();
    for (let i = 0; i < 50; i++) for (const [, colour] of captchaSvg("Ab3ER").matchAll(/(?:fill|stroke)="(?!none")([^"]+)"/g)) used.add(colour!);
    expect(used.size).toBeGreaterThan(1);
    expect([...used].filter((colour) => colour !== CAPTCHA_COLOURS.ground && !(CAPTCHA_COLOURS.inks as readonly string[]).includes(colour))).toEqual([]);
    for (const ink of CAPTCHA_COLOURS.inks) expect(contrast(ink, CAPTCHA_COLOURS.ground), ink).toBeGreaterThanOrEqual(4.5);
  });

  it("leaves the pixels of the picture in those colours: mostly ground, the rest ink", () => {
    const { width, height, rgba } = decodePng(captchaPng("Ab3ER"));
    let ground = 0;
    for (let i = 0; i < width * height; i++) if (rgba[i * 4]! > 240 && rgba[i * 4 + 1]! > 240 && rgba[i * 4 + 2]! > 240) ground++;
    expect(ground / (width * height)).toBeGreaterThan(0.5);
  });

  it("draws every captcha differently, so no two drawings of a code line up", () => {
    const drawings = new Set(Array.from({ length: 20 }, () => captchaSvg("Ab3ER")));
    expect(drawings.size).toBe(20);
    // With the randomness fixed, the drawing is fixed too: the variation comes from it alone.
    const fixed = (min: number) => min;
    expect(captchaSvg("Ab3ER", fixed)).toBe(captchaSvg("Ab3ER", fixed));
  });
});
