// Whole-page states: not found, database away, and the dev mailbox.

export const notFound = { title: "Page not found", body: "The page you asked for isn't here.", home: "Go to the home page" } as const;

export const unavailable = {
  title: "Mi Account is busy",
  body: "We can't reach our records just now. Nothing you did was lost: please try again shortly.",
  retry: "Try again",
} as const;

export const devMailbox = {
  title: "Dev mailbox",
  banner: "Development only: no SMTP_URL is configured, so emails are kept here instead of being sent.",
  empty: "No emails yet.",
  to: "To",
  subject: "Subject",
  sent: "Kept at",
  links: "Links",
  open: "View email",
  notFound: "No such email in the dev mailbox.",
} as const;
