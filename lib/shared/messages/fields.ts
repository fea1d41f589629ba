// Shared form fields: the captcha and the password's show/hide toggle.

export const captchaField = {
  label: "Code in the image",
  imageAlt: "Captcha: type the characters shown in this image",
  hint: "Letters are case-sensitive.",
  refresh: "Show a new code",
  alternative: "Can't see the image? Verify another way",
  alternativeWorking: "Your browser is checking that you're a person. This takes a few seconds; you can carry on.",
  alternativeReady: "Done: your browser has been checked. You can submit the form.",
  alternativeBack: "Show the image again",
  alternativeFailed: "We couldn't check your browser this way. Try again, or use the image.",
} as const;

export const passwordField = { show: "Show", hide: "Hide" } as const;
