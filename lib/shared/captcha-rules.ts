// The captcha's shape, with no server dependencies, so page hints and form schemas can share it.
export const CAPTCHA_LENGTH = 5;
export const CAPTCHA_LIFETIME_MS = 5 * 60 * 1000;
// The characters a code is made of. The answer is case-sensitive, so only letters whose two cases differ in shape
// (no c/C, k/K, o/O, p/P, s/S, u/U, v/V, w/W, x/X, y/Y, z/Z: one shape in two sizes), and no two characters a
// person could take for each other once drawn: no 0/O/Q, i/I/j/l/1, 2/Z, 5/S, 6/G, 6/b, 8/B, 9/g/q, f/t, E/F.
export const CAPTCHA_ALPHABET = "ABDEGHJLMNQRTYabdehmnrt347";
// Room for stray spaces and mistakes; anything longer is certainly wrong.
export const CAPTCHA_INPUT_MAX = CAPTCHA_LENGTH * 4;
// The image's size as shown on the page (the PNG has twice as many pixels each way, for sharp screens): large
// enough to read without zooming.
export const CAPTCHA_IMAGE_WIDTH = 240;
export const CAPTCHA_IMAGE_HEIGHT = 80;
