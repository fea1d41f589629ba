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
    sign_up: "Registration",
    activation: "Account activated",
    sign_in: "Signed in",
    sign_in_failed: "Failed sign-in",
    lockout: "Sign-in paused after failed attempts",
    resend: "Activation email requested",
    sign_out: "Signed out",
    sign_out_everywhere: "Signed out everywhere",
  } as Record<string, string>,
} as const;
