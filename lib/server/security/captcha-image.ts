import "server-only";
import { randomInt } from "node:crypto";
import { Resvg } from "@resvg/resvg-js";
import svgCaptcha from "svg-captcha";
import { CAPTCHA_IMAGE_HEIGHT, CAPTCHA_IMAGE_WIDTH } from "@/lib/shared/captcha-rules";

// The picture of a captcha's code, drawn on the server and sent as pixels. svg-captcha draws each character as
// its font glyph's outline, which a program can match path by path; a raster image carries no paths. Each
// image is also bent at random (rotation, skew, scale, offset, extra strokes), so no two drawings of a glyph
// line up with each other or with the font.
const draw = svgCaptcha as unknown as (text: string, options: Record<string, unknown>) => string;
const ZOOM = 2; // drawn at twice the shown size, for sharp pixels on dense screens

type Random = (min: number, max: number) => number;

function strokes(count: number, random: Random): string {
  let lines = "";
  for (let i = 0; i < count; i++) {
    const [x1, y1, cx, cy, x2, y2] = [random(0, 40), random(5, 45), random(40, 110), random(0, 50), random(110, 150), random(5, 45)];
    const colour = `hsl(${random(0, 360)},${random(40, 70)}%,${random(35, 55)}%)`;
    lines += `<path d="M${x1} ${y1} Q${cx} ${cy} ${x2} ${y2}" stroke="${colour}" stroke-width="${random(1, 3)}" fill="none"/>`;
  }
  return lines;
}

/** The code drawn as an SVG, distorted at random; only ever rasterised, never sent. */
export function captchaSvg(code: string, random: Random = randomInt): string {
  const svg = draw(code, { size: code.length, noise: 1, width: CAPTCHA_IMAGE_WIDTH, height: CAPTCHA_IMAGE_HEIGHT, fontSize: 52, color: true });
  const open = svg.indexOf(">") + 1;
  const close = svg.lastIndexOf("</svg>");
  const [cx, cy] = [CAPTCHA_IMAGE_WIDTH / 2, CAPTCHA_IMAGE_HEIGHT / 2];
  const bend =
    `translate(${random(-4, 5)} ${random(-3, 4)}) rotate(${random(-7, 8)} ${cx} ${cy}) ` +
    `translate(${cx} ${cy}) skewX(${random(-14, 15)}) scale(${random(88, 105) / 100} ${random(90, 108) / 100}) translate(${-cx} ${-cy})`;
  return `${svg.slice(0, open)}<rect width="100%" height="100%" fill="#f4f4f4"/><g transform="${bend}">${svg.slice(open, close)}</g>${strokes(random(2, 4), random)}</svg>`;
}

/** The code as a PNG image. */
export function captchaPng(code: string, random: Random = randomInt): Buffer {
  const png = new Resvg(captchaSvg(code, random), { fitTo: { mode: "zoom", value: ZOOM }, font: { loadSystemFonts: false } });
  return png.render().asPng();
}
