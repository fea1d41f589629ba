// Forgot password: asking for a link, and choosing a new password with it.

export const passwordReset = {
  forgotLink: "Forgot password?",
  requestTitle: "Reset your password",
  requestIntro: "Type the email or Mi Account ID of your account. If it has one, we'll send a link to choose a new password.",
  identifier: "Email or Mi Account ID",
  requestSubmit: "Send reset link",
  requestDone: "If that belongs to a Mi Account, a link to reset its password is on its way to the account's email. It works for 1 hour. Check your spam folder too.",
  chooseTitle: "Choose a new password",
  chooseIntro: "Type your new password twice. Every device signed in to your account will be signed out.",
  password: "New password",
  confirmPassword: "Confirm new password",
  submit: "Save new password",
  doneTitle: "Your password was changed",
  doneBody: "Every device that was signed in has been signed out. Sign in with your new password.",
  activatedBody: "Your Mi Account is active too: the reset link proved the email is yours.",
  invalidTitle: "This reset link doesn't work",
  invalidBody: "The link is incomplete, has been used, or a newer one was sent. Ask for a new one.",
  expiredTitle: "This reset link has expired",
  expiredBody: "Reset links work for 1 hour. Ask for a new one.",
  askAgain: "Ask for a new link",
  signIn: "Sign in",
} as const;
