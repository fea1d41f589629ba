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

export const passwordField = { show: "Show password" } as const;

export const passwordChecklist = {
  title: "Your password needs:",
  length: "8–16 characters",
  kinds: "At least two of: letters, digits, symbols",
  characters: "No spaces, accents or emoji: only a standard keyboard's letters, digits and symbols",
  notEmail: "Not your email name",
  match: "The same password in both fields",
  met: "done",
  unmet: "not yet",
} as const;

export const miIdCopy = {
  button: "Copy",
  buttonLabel: "Copy Mi Account ID",
  copied: "Copied",
  failed: "Couldn't copy: select the number and copy it yourself",
} as const;

export const errorSummary = { title: "There is a problem", titlePrefix: "Error: " } as const;
