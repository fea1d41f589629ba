// Email copy (subject, HTML and text parts), read by the templates in emails/.

export const emails = {
  activation: {
    subject: "Activate your Mi Account",
    greeting: "Hello,",
    body: "Thanks for creating a Mi Account. Press the button below to activate it. The link works for 24 hours.",
    button: "Activate account",
    pasteHint: "If the button doesn't work, copy this link into your browser:",
    ignore: "If you didn't create a Mi Account, ignore this email and no account will be activated.",
  },
  alreadyRegistered: {
    subject: "Someone tried to register with your email",
    greeting: "Hello,",
    body: "Someone tried to create a new Mi Account with this email address. You already have a Mi Account, so nothing was changed.",
    signIn: "Sign in to your Mi Account:",
    ignore: "If it was you, just sign in. If it wasn't, you can ignore this email.",
  },
  signature: "The Mi Account team",
} as const;
