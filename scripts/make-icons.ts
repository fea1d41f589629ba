// `npx tsx scripts/make-icons.ts`: draws the portal's icons from one SVG (an original "mi" mark in the portal's
// orange, not Xiaomi's artwork) into public/: favicon.ico (a PNG inside an ICO), 192 and 512 px PNGs, and the
// SVG itself. Run again after changing the mark; the files are committed.
import { writeFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

const MARK = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<circle cx="32" cy="32" r="32" fill="#ff6900"/>
<g fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">
<path d="M15 44V30a5 5 0 0 1 10 0v14M25 30a5 5 0 0 1 10 0v14"/>
<path d="M45 31v13"/>
</g>
<circle cx="45" cy="22" r="3.2" fill="#fff"/>
</svg>
`;
const png = (size: number) => new Resvg(MARK, { fitTo: { mode: "width", value: size } }).render().asPng();

/** An ICO file holding one PNG image (every current browser reads PNG-in-ICO). */
function ico(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, image]);
}

writeFileSync("public/icon.svg", MARK);
writeFileSync("public/favicon.ico", ico(png(32), 32));
writeFileSync("public/icon-192.png", png(192));
writeFileSync("public/icon-512.png", png(512));
writeFileSync("public/apple-touch-icon.png", png(180));
console.log("icons written to public/");
