// The "send a new activation email" page.

export const resend = {
  title: "Send a new activation email",
  intro:
    "Type the email you registered with. If it belongs to an account waiting for activation, we'll send a new link.",
  submit: "Send activation email",
  done: "If that address belongs to an account waiting for activation, a new link is on its way. Check your spam folder too.",
} as const;
