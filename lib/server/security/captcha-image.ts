import "server-only";
import { randomInt } from "node:crypto";
import { Resvg } from "@resvg/resvg-js";
import { CAPTCHA_IMAGE_HEIGHT, CAPTCHA_IMAGE_WIDTH } from "@/lib/shared/captcha-rules";
import { CAPTCHA_GLYPHS, GLYPH_EM } from "./captcha-glyphs";

// The picture of a captcha's code, drawn on the server and sent as pixels only (no text, no glyph outlines a
// program could match). Made for people first: large (240 × 80 CSS px, drawn at 2× for sharp screens), a bold
// plain font, dark ink on a light ground (every ink at least 4.5:1 against it, WCAG AA for text), and an alphabet
// without look-alikes (lib/shared/captcha-rules.ts). Against programs, what people read through and OCR does
// not: the characters lean, turn and touch their neighbours, so no column or gap separates them; a line in the
// same ink, nearly half a stroke wide (7 px at 2×), runs through all of them, so neither a threshold nor a small
// opening removes it; and thin cuts of the ground's colour break every letter into pieces.
// tests/unit/captcha-ocr.test.ts runs tesseract with segmentation against it.
const ZOOM = 2;

/** The colours drawn with, so a test can hold each ink's contrast against the ground. */
export const CAPTCHA_COLOURS = {
  ground: "#fbfaf6",
  inks: ["#1c3d78", "#7a1d2c", "#1d5631", "#4d2b73", "#5b3b0e", "#262626"],
} as const;

const FONT_SIZE = 50; // CSS px per em: capitals about 36 px tall in an 80 px box
const CAP_HEIGHT = 73; // DejaVu Sans Bold's capital height, in GLYPH_EM units
const STEM = 0.16 * FONT_SIZE; // a bold stem's width, in CSS px

/** A whole number in [min, max). */
type Random = (min: number, max: number) => number;

const f = (n: number) => n.toFixed(1);

function glyphs(code: string, ink: string, random: Random): { svg: string; centres: { x: number; y: number }[] } {
  const scale = FONT_SIZE / GLYPH_EM;
  const advances = [...code].map((c) => (CAPTCHA_GLYPHS[c]?.advance ?? 60) * scale);
  // Neighbours touch or overlap a little: no gap to split the code at, yet each letter stays whole.
  const overlap = 0.02 * FONT_SIZE;
  const width = advances.reduce((sum, a) => sum + a - overlap, overlap);
  let x = (CAPTCHA_IMAGE_WIDTH - width) / 2 + random(-8, 9);
  const centres: { x: number; y: number }[] = [];
  let svg = "";
  [...code].forEach((c, i) => {
    const cx = x + advances[i]! / 2;
    const cy = CAPTCHA_IMAGE_HEIGHT / 2 + random(-5, 6);
    centres.push({ x: cx, y: cy });
    const size = scale * (random(92, 112) / 100);
    const [turn, lean] = [random(-18, 19), random(-10, 11)];
    x += advances[i]! - overlap;
    // Only CAPTCHA_TEST_CODE (automated tests) can hold a character outside the alphabet: it is left blank.
    const glyph = CAPTCHA_GLYPHS[c];
    if (!glyph) return;
    svg +=
      `<path fill="${ink}" d="${glyph.d}" transform="translate(${f(cx)} ${f(cy)}) rotate(${turn}) skewX(${lean}) ` +
      `scale(${size.toFixed(3)}) translate(${-glyph.advance / 2} ${CAP_HEIGHT / 2})"/>`;
  });
  return { svg, centres };
}

/** A smooth line through the given points (Catmull-Rom as cubic Béziers). */
function through(points: { x: number; y: number }[]): string {
  let d = `M${f(points[0]!.x)} ${f(points[0]!.y)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const [p0, p1, p2, p3] = [points[i - 1] ?? points[i]!, points[i]!, points[i + 1]!, points[i + 2] ?? points[i + 1]!];
    d += ` C${f(p1.x + (p2.x - p0.x) / 6)} ${f(p1.y + (p2.y - p0.y) / 6)} ${f(p2.x - (p3.x - p1.x) / 6)} ${f(p2.y - (p3.y - p1.y) / 6)} ${f(p2.x)} ${f(p2.y)}`;
  }
  return d;
}

/** The code drawn as an SVG, distorted at random; only ever rasterised, never sent. */
export function captchaSvg(code: string, random: Random = randomInt): string {
  const { inks, ground } = CAPTCHA_COLOURS;
  const ink = inks[random(0, inks.length)]!;
  const { svg, centres } = glyphs(code, ink, random);
  // The strike line passes near each letter's middle, so every letter is touched and joined to the next.
  // It wavers up and down from letter to letter, so it never lies along a letter's own bar.
  const strike = [
    { x: 2, y: centres[0]!.y + random(-12, 13) },
    ...centres.map((c, i) => ({ x: c.x, y: c.y + (i % 2 ? 1 : -1) * random(4, 12) })),
    { x: CAPTCHA_IMAGE_WIDTH - 2, y: centres.at(-1)!.y + random(-12, 13) },
  ];
  const cuts = [0, 1].map(() => {
    const y = CAPTCHA_IMAGE_HEIGHT / 2 + random(-14, 15);
    return through([0, 1, 2, 3, 4].map((k) => ({ x: (k * CAPTCHA_IMAGE_WIDTH) / 4, y: y + random(-12, 13) })));
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CAPTCHA_IMAGE_WIDTH}" height="${CAPTCHA_IMAGE_HEIGHT}" viewBox="0 0 ${CAPTCHA_IMAGE_WIDTH} ${CAPTCHA_IMAGE_HEIGHT}">` +
    `<rect width="100%" height="100%" fill="${ground}"/>${svg}` +
    `<path d="${through(strike)}" stroke="${ink}" stroke-width="${f(STEM * 0.45)}" stroke-linecap="round" fill="none"/>` +
    cuts.map((d) => `<path d="${d}" stroke="${ground}" stroke-width="1.6" fill="none"/>`).join("") +
    `</svg>`
  );
}

/** The code as a PNG image, at twice its CSS size. */
export function captchaPng(code: string, random: Random = randomInt): Buffer {
  const png = new Resvg(captchaSvg(code, random), { fitTo: { mode: "zoom", value: ZOOM }, font: { loadSystemFonts: false } });
  return png.render().asPng();
}
