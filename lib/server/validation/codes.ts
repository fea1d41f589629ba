import "server-only";

// What validation says about a field, as message keys of the catalogue (lib/shared/i18n/messages): the page
// turns them into the person's language (app/_lib/i18n/words.ts). One list, so a typo is a type error.
export const ERROR = {
  emailRequired: "errors.email.required",
  emailInvalid: "errors.email.invalid",
  emailTooLong: "errors.email.tooLong",
  phoneRequired: "errors.phone.required",
  phoneInvalid: "errors.phone.invalid",
  phoneLandline: "errors.phone.landline",
  phoneNotMobile: "errors.phone.notMobile",
  codeRequired: "errors.code.required",
  codeShape: "errors.code.shape",
  codeWrong: "errors.code.wrong",
  codeExpired: "errors.code.expired",
  codeDead: "errors.code.dead",
  country: "errors.country",
  privacy: "errors.privacy",
  passwordRequired: "errors.password.required",
  passwordLength: "errors.password.length",
  passwordKinds: "errors.password.kinds",
  passwordCharacters: "errors.password.characters",
  passwordContainsEmail: "errors.password.containsEmail",
  passwordCommon: "errors.password.common",
  passwordBreached: "errors.password.breached",
  passwordMismatch: "errors.password.mismatch",
  captchaRequired: "errors.captcha.required",
  captchaWrong: "errors.captcha.wrong",
  identifier: "errors.identifier",
  signInInvalid: "login.invalid",
} as const;

export type ErrorCode = (typeof ERROR)[keyof typeof ERROR];
