// The sign-in page.

export const login = {
  title: "Sign in",
  identifier: "Email or Mi Account ID",
  password: "Password",
  submit: "Sign in",
  noAccount: "Don't have a Mi Account?",
  createOne: "Create one",
  invalid: "Incorrect account or password.",
  notActivated:
    "This account hasn't been activated yet. Open the link in the activation email, or ask for a new one.",
  resend: "Resend activation email",
  signedOut: "You've signed out.",
} as const;
