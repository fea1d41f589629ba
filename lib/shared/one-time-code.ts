// One-time codes as people see them (the server's rules are lib/server/methods/code/): six digits, ten minutes.
// Browser-safe: the code field's pattern and the pages' words come from here.
export const CODE_DIGITS = 6;
export const CODE_LIFETIME_MINUTES = 10;
/** Wrong codes typed against one code before it is dead and a new one must be asked for. */
export const CODE_MAX_TRIES = 5;
/** The wait between two codes sent to one number (the "Resend code" countdown). */
export const CODE_RESEND_COOLDOWN_SECONDS = 60;
