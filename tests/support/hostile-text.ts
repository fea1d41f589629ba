import fc from "fast-check";

type Options = { specials: readonly string[]; graphemes?: boolean; maxPieces?: number; shortWeight?: number; pad?: string };

/**
 * The strings the property tests throw at every parser: runs of random, binary and special fragments (payloads,
 * confusables, control characters), and now and then one of 10 000–10 240 characters repeating a fragment.
 */
export function hostileText({ specials, graphemes = false, maxPieces = 8, shortWeight = 6, pad = "x" }: Options) {
  const fragment = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    ...(graphemes ? [fc.string({ unit: "grapheme" })] : []),
    fc.constantFrom(...specials),
  );
  const huge = fc
    .tuple(fragment, fc.integer({ min: 10_000, max: 10_240 }))
    .map(([piece, length]) => (piece || pad).repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length));
  const text = fc.oneof(
    { weight: shortWeight, arbitrary: fc.array(fragment, { maxLength: maxPieces }).map((pieces) => pieces.join("")) },
    { weight: 1, arbitrary: huge },
  );
  return { fragment, huge, text };
}
