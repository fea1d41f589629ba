// Validation and refusal messages, shown beside fields or above a form.

export const errors = {
  email: {
    required: "Enter your email address.",
    invalid: "Enter a valid email address, like name@example.com.",
    tooLong: "That email address is too long.",
  },
  country: "Choose your country or region.",
  privacy: "You need to agree to the Privacy Policy to create a Mi Account.",
  password: {
    required: "Enter a password.",
    length: "Use 8 to 16 characters.",
    kinds: "Mix at least two of: letters, digits, symbols.",
    characters: "Use only letters, digits and symbols (no spaces or other characters).",
    containsEmail: "Don't use your email address in your password.",
    common: "This password is too common. Choose one that's harder to guess.",
    mismatch: "The passwords don't match.",
  },
  captcha: {
    required: "Type the code in the image.",
    wrong: "The code doesn't match the image. Try the new one.",
  },
  identifier: "Enter your email or Mi Account ID.",
  generic: "Something went wrong on our side. Please try again.",
  fixBelow: "Please fix the highlighted fields.",
  tooManyTries: (wait: string) => `Too many attempts. Please try again in ${wait}.`,
  tryTomorrow: "Too many activation emails were asked for this address. Please try again tomorrow.",
  captchaImages: "Too many new codes asked for. Please wait a minute.",
} as const;
