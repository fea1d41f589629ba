import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng, type Pixels } from "./png";

// An OCR attack on the captcha image, as a script would run it with free tools: Debian's tesseract plus the usual
// clean-up and segmentation. The image's luminance is thresholded (Otsu), thin strokes are opened away
// (erode, then dilate), the ink is split into glyphs by connected components (the widest split at its thinnest
// column until there are as many as the code has characters), and each glyph is read by tesseract on its own as a
// single character limited to the captcha's alphabet. One tesseract process reads every glyph of a batch.

type Mask = { width: number; height: number; ink: Uint8Array };
type Glyph = { minX: number; maxX: number; minY: number; maxY: number; pixels: number[] };

export type SolverOptions = { alphabet: string; length: number; /** Radius of the opening that removes thin lines; 0 for none. */ openRadius: number };

function luminance({ rgba }: Pixels, i: number): number {
  const alpha = rgba[i * 4 + 3]! / 255; // composited on white
  const [r, g, b] = [0, 1, 2].map((c) => rgba[i * 4 + c]! * alpha + 255 * (1 - alpha));
  return 0.299 * r! + 0.587 * g! + 0.114 * b!;
}

/** Ink where a pixel is darker than the threshold that best splits the image's luminance in two (Otsu). */
function threshold(image: Pixels): Mask {
  const size = image.width * image.height;
  const grey = new Uint8Array(size);
  const histogram = new Array<number>(256).fill(0);
  for (let i = 0; i < size; i++) {
    grey[i] = Math.round(luminance(image, i));
    histogram[grey[i]!]! += 1;
  }
  let [sum, sumBelow, countBelow, best, cut] = [0, 0, 0, -1, 128];
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  for (let v = 0; v < 256; v++) {
    countBelow += histogram[v]!;
    if (countBelow === 0 || countBelow === size) continue;
    sumBelow += v * histogram[v]!;
    const [meanBelow, meanAbove] = [sumBelow / countBelow, (sum - sumBelow) / (size - countBelow)];
    const between = countBelow * (size - countBelow) * (meanBelow - meanAbove) ** 2;
    if (between > best) [best, cut] = [between, v];
  }
  const ink = new Uint8Array(size);
  for (let i = 0; i < size; i++) ink[i] = grey[i]! <= cut ? 1 : 0;
  return { width: image.width, height: image.height, ink };
}

function morph(mask: Mask, radius: number, keep: "all" | "any"): Mask {
  const { width, height, ink } = mask;
  const out = new Uint8Array(ink.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let all = true;
      let any = false;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          const value = nx >= 0 && ny >= 0 && nx < width && ny < height ? ink[ny * width + nx] : 0;
          if (value) any = true;
          else all = false;
        }
      }
      out[y * width + x] = (keep === "all" ? all : any) ? 1 : 0;
    }
  }
  return { width, height, ink: out };
}

function components({ width, height, ink }: Mask): Glyph[] {
  const seen = new Uint8Array(ink.length);
  const found: Glyph[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    const glyph: Glyph = { minX: width, maxX: 0, minY: height, maxY: 0, pixels: [] };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const [x, y] = [i % width, Math.floor(i / width)];
      glyph.pixels.push(i);
      [glyph.minX, glyph.maxX, glyph.minY, glyph.maxY] = [Math.min(glyph.minX, x), Math.max(glyph.maxX, x), Math.min(glyph.minY, y), Math.max(glyph.maxY, y)];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          const j = ny * width + nx;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height && ink[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    found.push(glyph);
  }
  return found;
}

function bounds(pixels: number[], width: number): Glyph {
  const glyph: Glyph = { minX: Infinity, maxX: -1, minY: Infinity, maxY: -1, pixels };
  for (const i of pixels) {
    const [x, y] = [i % width, Math.floor(i / width)];
    [glyph.minX, glyph.maxX, glyph.minY, glyph.maxY] = [Math.min(glyph.minX, x), Math.max(glyph.maxX, x), Math.min(glyph.minY, y), Math.max(glyph.maxY, y)];
  }
  return glyph;
}

/** Splits a glyph at its column with the least ink, in its middle part. */
function split(glyph: Glyph, width: number): [Glyph, Glyph] {
  const columns = new Map<number, number>();
  for (const i of glyph.pixels) columns.set(i % width, (columns.get(i % width) ?? 0) + 1);
  const span = glyph.maxX - glyph.minX;
  let [cut, least] = [glyph.minX + Math.floor(span / 2), Infinity];
  for (let x = glyph.minX + Math.floor(span * 0.25); x <= glyph.minX + Math.ceil(span * 0.75); x++) {
    if ((columns.get(x) ?? 0) < least) [cut, least] = [x, columns.get(x) ?? 0];
  }
  return [bounds(glyph.pixels.filter((i) => i % width < cut), width), bounds(glyph.pixels.filter((i) => i % width >= cut), width)];
}

export function segment(image: Pixels, { length, openRadius }: Pick<SolverOptions, "length" | "openRadius">): { mask: Mask; glyphs: Glyph[] } {
  let mask = threshold(image);
  if (openRadius > 0) mask = morph(morph(mask, openRadius, "all"), openRadius, "any");
  const minArea = (image.width * image.height) / 1500;
  const glyphs = components(mask).filter((g) => g.pixels.length >= minArea);
  while (glyphs.length > length) glyphs.splice(glyphs.indexOf(glyphs.reduce((a, b) => (a.pixels.length <= b.pixels.length ? a : b))), 1);
  while (glyphs.length > 0 && glyphs.length < length) {
    const widest = glyphs.reduce((a, b) => (a.maxX - a.minX >= b.maxX - b.minX ? a : b));
    const halves = split(widest, image.width);
    if (halves.some((half) => half.pixels.length === 0)) break;
    glyphs.splice(glyphs.indexOf(widest), 1, ...halves);
  }
  return { mask, glyphs: glyphs.sort((a, b) => a.minX + a.maxX - (b.minX + b.maxX)) };
}

/** The glyph alone (no other ink in its box), black on white with a margin, as a binary PGM. */
function glyphPgm(glyph: Glyph, width: number): Buffer {
  const margin = 16;
  const [w, h] = [glyph.maxX - glyph.minX + 1 + 2 * margin, glyph.maxY - glyph.minY + 1 + 2 * margin];
  const body = Buffer.alloc(w * h, 255);
  for (const i of glyph.pixels) body[(Math.floor(i / width) - glyph.minY + margin) * w + (i % width) - glyph.minX + margin] = 0;
  return Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`, "latin1"), body]);
}

export function tesseractAvailable(): boolean {
  try {
    execFileSync("tesseract", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** What the attack reads in each image: one guess per image (characters it could not read are "?"). */
export function readCaptchas(pngs: Buffer[], options: SolverOptions): string[] {
  const folder = mkdtempSync(join(tmpdir(), "captcha-ocr-"));
  try {
    const files: string[] = [];
    const glyphCounts = pngs.map((png, n) => {
      const image = decodePng(png);
      const { glyphs } = segment(image, options);
      glyphs.forEach((glyph, k) => {
        const file = join(folder, `${n}-${k}.pgm`);
        writeFileSync(file, glyphPgm(glyph, image.width));
        files.push(file);
      });
      return glyphs.length;
    });
    writeFileSync(join(folder, "list.txt"), files.join("\n") + "\n");
    const output = files.length
      ? execFileSync("tesseract", [join(folder, "list.txt"), "stdout", "--psm", "10", "-c", `tessedit_char_whitelist=${options.alphabet}`], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
          // One thread: tesseract's OpenMP threads spin while they wait, and on single glyphs that spinning was two
          // thirds of the test's CPU (30 CPU-s against 9), taken from the tests running beside it.
          env: { ...process.env, OMP_THREAD_LIMIT: "1" },
          maxBuffer: 16 * 1024 * 1024,
        })
      : "";
    const pages = output.split("\f");
    let page = 0;
    return glyphCounts.map((count) => {
      let text = "";
      for (let k = 0; k < count; k++) text += pages[page++]?.trim()[0] ?? "?";
      return text.padEnd(options.length, "?");
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
