// The home page.

export const home = {
  title: "One account for everything Mi",
  lead: "Your Mi Account signs you in to your phone, your other devices and every Mi service with one password.",
  features: [
    {
      title: "One profile on every device",
      body: "Sign in once and your phone, tablet and laptop know who you are.",
    },
    { title: "Cloud sync", body: "Contacts, messages, photos and notes follow you to a new phone." },
    { title: "Find a lost phone", body: "Locate, ring, lock or erase a missing device from any browser." },
    { title: "The Mi Store", body: "Your orders, warranties and app purchases stay with your account." },
  ],
  cta: "Create Mi Account",
  signInPrompt: "Already have an account?",
  featuresLabel: "What your Mi Account does",
} as const;
