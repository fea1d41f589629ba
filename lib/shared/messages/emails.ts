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
    forgot: "Forgot your password? Set a new one here:",
  },
  passwordReset: {
    subject: "Reset your Mi Account password",
    greeting: "Hello,",
    body: "Someone asked to reset the password of the Mi Account for this email address. Press the button below to choose a new one. The link works for 1 hour, once.",
    button: "Choose a new password",
    pasteHint: "If the button doesn't work, copy this link into your browser:",
    ignore: "If you didn't ask for this, ignore this email: your password stays as it is.",
  },
  passwordChanged: {
    subject: "Your Mi Account password was changed",
    greeting: "Hello,",
    body: "The password of your Mi Account was just changed, and every device signed in to it was signed out.",
    notYou: "If you didn't do this, reset your password now and check the email address you use with Mi Account:",
  },
  accountDeleted: {
    subject: "Your Mi Account was deleted",
    greeting: "Hello,",
    body: "Your Mi Account and everything it held (your profile, sessions and links) were deleted at your request. This email address can be used to register again at any time.",
    notYou: "If you didn't ask for this, reply to this email straight away.",
  },
  signature: "The Mi Account team",
} as const;
