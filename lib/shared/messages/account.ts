// The account page.

export const account = {
  title: "My Mi Account",
  miId: "Mi Account ID",
  email: "Email",
  country: "Country/Region",
  offers: "Offers and news",
  offersYes: "Subscribed",
  offersNo: "Not subscribed",
  signOut: "Sign out",
  signOutEverywhere: "Sign out everywhere",
  signOutEverywhereHint: "Ends every session of this account, on all devices.",
  activityTitle: "Recent activity",
  activityEmpty: "No activity yet.",
  activityWhen: "When",
  activityWhat: "What",
  activityFrom: "From",
  events: {
    "sign-up": "Registration",
    activation: "Account activated",
    "sign-in": "Signed in",
    "sign-in-failed": "Failed sign-in",
    lockout: "Sign-in paused after failed attempts",
    resend: "Activation email requested",
    "sign-out": "Signed out",
    "sign-out-everywhere": "Signed out everywhere",
  } as Record<string, string>,
} as const;
