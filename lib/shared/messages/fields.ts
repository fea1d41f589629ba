// Shared form fields: the captcha and the password's show/hide toggle.

export const captchaField = {
  label: "Code in the image",
  imageAlt: "Captcha: type the characters shown in this image",
  hint: "Letters are case-sensitive.",
  refresh: "Show a new code",
} as const;

export const passwordField = { show: "Show", hide: "Hide" } as const;
