// The activation page the email link opens.

export const activate = {
  title: "Activate your Mi Account",
  intro: "Press the button to activate your Mi Account.",
  button: "Activate account",
  doneTitle: "Your Mi Account is ready",
  miIdLabel: "Mi Account ID",
  emailLabel: "Linked email",
  miIdHint: "You can sign in with this ID or your email.",
  login: "Login",
  alreadyTitle: "This account is already active",
  alreadyBody: "This activation link has already been used. You can sign in now.",
  invalidTitle: "This activation link doesn't work",
  invalidBody:
    "The link is incomplete or has been changed. Copy the whole link from the email, or ask for a new one.",
  expiredTitle: "This activation link has expired",
  expiredBody: "Activation links work for 24 hours. Ask for a new one below.",
  resendLink: "Send a new activation email",
  passwordIntro:
    "This link was opened in a different browser from the one you registered in. To activate, type the password you chose when you registered.",
  password: "Password",
  wrongPasswordTitle: "That's not the password for this link",
  wrongPasswordBody:
    "This link belongs to a registration made with a different password. If you didn't register again, someone else may have used your address: ask for a new activation email from the browser you registered in, or register again.",
  tryAgain: "Try again",
} as const;
