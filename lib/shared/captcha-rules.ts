// The captcha's shape, with no server dependencies, so page hints and form schemas can share it.
export const CAPTCHA_LENGTH = 5;
export const CAPTCHA_LIFETIME_MS = 5 * 60 * 1000;
// Room for stray spaces and mistakes; anything longer is certainly wrong.
export const CAPTCHA_INPUT_MAX = CAPTCHA_LENGTH * 4;
// The image's size as shown on the page (the PNG has twice as many pixels each way).
export const CAPTCHA_IMAGE_WIDTH = 150;
export const CAPTCHA_IMAGE_HEIGHT = 50;
