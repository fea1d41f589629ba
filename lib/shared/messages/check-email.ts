// The "check your email" page after step 2.

export const checkEmail = {
  title: "Check your email",
  sentTo: "We've sent an activation link to",
  instructions: "Open the email and press Activate account to finish creating your Mi Account.",
  spamHint: "Can't find it? Look in your spam or junk folder.",
  resend: "Resend activation email",
  resendIn: (seconds: number) => `Resend activation email (${seconds}s)`,
  resent: "We've sent the activation email again.",
  /** Said once when a countdown starts (and, without JavaScript, shown as text beside the button). */
  resendAfter: (seconds: number) => `You can ask for another activation email in ${seconds} seconds.`,
  wait: (seconds: number) => `Please wait ${seconds} seconds before asking for another email.`,
  noRegistration: "Your registration has expired. Please start again.",
  undeliverable: "We could not deliver to this address: the mail server refused it. Check the address and register again.",
} as const;
