// Registration, steps 1 and 2.

export const register = {
  title: "Create Mi Account",
  step2Title: "Create Mi Account: choose a password",
  stepOf: (step: number) => `Step ${step} of 2`,
  country: "Country/Region",
  countryPlaceholder: "Select your country or region",
  email: "Email",
  emailPlaceholder: "name@example.com",
  privacyBefore: "I've read and agree to the Mi Account ",
  privacyLink: "Privacy Policy",
  privacyAfter: ".",
  offers: "Send me offers and news",
  submitStep1: "Create Mi Account",
  password: "Password",
  confirmPassword: "Confirm password",
  passwordHint: "8–16 characters, with at least two of: letters, digits, symbols.",
  submitStep2: "Submit",
  back: "Back",
  registeringAs: "Creating an account for",
} as const;
