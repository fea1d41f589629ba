// The portal's name, navigation and words every page shares.

export const brand = {
  name: "Mi Account",
  footer: "A replica of the Mi Account portal, built for learning. Not affiliated with Xiaomi.",
  footerLabel: "Mi Account policies and help",
  privacy: "Privacy Policy",
  help: "Help",
} as const;

export const nav = {
  label: "Account",
  signIn: "Sign in",
  register: "Register",
  signOut: "Sign out",
  skipToContent: "Skip to content",
  account: "My Mi Account:",
} as const;

export const common = {
  pending: "Please wait…",
  /** "45 seconds", "1 minute", "15 minutes": a wait in the words a person reads. */
  waitFor: (ms: number): string => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
    const minutes = Math.ceil(seconds / 60);
    if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
    const hours = Math.ceil(minutes / 60);
    return hours === 1 ? "1 hour" : `${hours} hours`;
  },
} as const;
