// Every user-facing string of the portal, pages and emails alike, in one place so translations are additions.
export const messages = {
  brand: {
    name: "Mi Account",
    footer: "A replica of the Mi Account portal, built for learning. Not affiliated with Xiaomi.",
  },
  common: {
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
  },
  nav: { label: "Account", signIn: "Sign in", register: "Register", home: "Mi Account home" },
  home: {
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
  },
  register: {
    title: "Create Mi Account",
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
    captcha: "Code in the image",
    captchaImageAlt: "Captcha: type the characters shown in this image",
    captchaHint: "Letters are case-sensitive.",
    captchaRefresh: "Show a new code",
    submitStep2: "Submit",
    back: "Back",
    registeringAs: (email: string) => `Creating an account for ${email}`,
    showPassword: "Show",
    hidePassword: "Hide",
  },
  checkEmail: {
    title: "Check your email",
    sentTo: "We've sent an activation link to",
    instructions: "Open the email and press Activate account to finish creating your Mi Account.",
    spamHint: "Can't find it? Look in your spam or junk folder.",
    resend: "Resend activation email",
    resendIn: (seconds: number) => `Resend activation email (${seconds}s)`,
    resent: "We've sent the activation email again.",
    wait: (seconds: number) => `Please wait ${seconds} seconds before asking for another email.`,
    noRegistration: "Your registration has expired. Please start again.",
    undeliverable: "We could not deliver to this address: the mail server refused it. Check the address and register again.",
  },
  activate: {
    title: "Activate your Mi Account",
    intro: "Press the button to activate your Mi Account.",
    button: "Activate account",
    doneTitle: "Your Mi Account is ready",
    miIdLabel: "Mi Account ID",
    emailLabel: "Linked email",
    miIdHint: "You can sign in with this ID or your email.",
    login: "Login",
    alreadyTitle: "This account is already active",
    alreadyBody: "This activation link has already been used. You can sign in now.",
    invalidTitle: "This activation link doesn't work",
    invalidBody:
      "The link is incomplete or has been changed. Copy the whole link from the email, or ask for a new one.",
    expiredTitle: "This activation link has expired",
    expiredBody: "Activation links work for 24 hours. Ask for a new one below.",
    resendLink: "Send a new activation email",
  },
  resend: {
    title: "Send a new activation email",
    intro:
      "Type the email you registered with. If it belongs to an account waiting for activation, we'll send a new link.",
    submit: "Send activation email",
    done: "If that address belongs to an account waiting for activation, a new link is on its way. Check your spam folder too.",
  },
  login: {
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
  },
  account: {
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
  },
  privacy: {
    title: "Privacy Policy",
    policy: {
      updated: "Last updated: 25 November 2026",
      sections: [
        {
          heading: "What we collect",
          paragraphs: [
            "When you create a Mi Account we store your email address, the country or region you choose, whether you want offers and news, and a one-way hash of your password. We never store your password itself.",
            "We give your account a random Mi Account ID, which you can use instead of your email to sign in.",
          ],
        },
        {
          heading: "Why we collect it",
          paragraphs: [
            "Your email lets us confirm that the address is yours, send you account messages such as activation links, and let you sign in.",
            "Your country or region decides which services and legal terms apply to you.",
            "We send offers and news only if you leave that box ticked, and you can change your mind at any time.",
          ],
        },
        {
          heading: "Cookies",
          paragraphs: [
            "We use only the cookies the portal needs to work: one that keeps you signed in, one that remembers the first step of registration while you finish the second, and one that ties a captcha image to your browser. None of them track you across other sites.",
          ],
        },
        {
          heading: "How long we keep it",
          paragraphs: [
            "Activation links expire after 24 hours, sign-in sessions after 12 hours at most, and unfinished registrations after a day. Your account stays until you ask us to delete it.",
          ],
        },
        {
          heading: "Your rights",
          paragraphs: [
            "You may ask for a copy of the data we hold about you, ask us to correct it, or ask us to delete your account.",
          ],
        },
      ],
    },
  },
  notFound: { title: "Page not found", body: "The page you asked for isn't here." },
  unavailable: {
    title: "Mi Account is busy",
    body: "We can't reach our records just now. Nothing you did was lost: please try again shortly.",
    retry: "Try again",
  },
  failure: {
    title: "Something went wrong",
    body: "We couldn't finish that just now. Nothing was lost: please try again in a moment.",
    retry: "Try again",
  },
  devOutbox: {
    title: "Dev outbox",
    banner: "Development only: no SMTP_URL is configured, so emails are kept here instead of being sent.",
    empty: "No emails yet.",
    to: "To",
    subject: "Subject",
    sent: "Kept at",
    links: "Links",
    open: "View email",
    notFound: "No such email in the dev outbox.",
  },
  errors: {
    email: {
      required: "Enter your email address.",
      invalid: "Enter a valid email address, like name@example.com.",
      tooLong: "That email address is too long.",
    },
    country: "Choose your country or region.",
    privacy: "You need to agree to the Privacy Policy to create a Mi Account.",
    password: {
      required: "Enter a password.",
      length: "Use 8 to 16 characters.",
      kinds: "Mix at least two of: letters, digits, symbols.",
      characters: "Use only letters, digits and symbols (no spaces or other characters).",
      containsEmail: "Don't use your email address in your password.",
      common: "This password is too common. Choose one that's harder to guess.",
      mismatch: "The passwords don't match.",
    },
    captcha: {
      required: "Type the code in the image.",
      wrong: "The code doesn't match the image. Try the new one.",
    },
    identifier: "Enter your email or Mi Account ID.",
    generic: "Something went wrong on our side. Please try again.",
    fixBelow: "Please fix the highlighted fields.",
    tooManyTries: (wait: string) => `Too many attempts. Please try again in ${wait}.`,
    tryTomorrow: "Too many activation emails were asked for this address. Please try again tomorrow.",
    captchaImages: "Too many new codes asked for. Please wait a minute.",
  },
  emails: {
    activation: {
      subject: "Activate your Mi Account",
      greeting: "Hello,",
      body: "Thanks for creating a Mi Account. Press the button below to activate it. The link works for 24 hours.",
      button: "Activate account",
      pasteHint: "If the button doesn't work, copy this link into your browser:",
      ignore: "If you didn't create a Mi Account, ignore this email and no account will be activated.",
    },
    alreadyRegistered: {
      subject: "Someone tried to register with your email",
      greeting: "Hello,",
      body: "Someone tried to create a new Mi Account with this email address. You already have a Mi Account, so nothing was changed.",
      signIn: "Sign in to your Mi Account:",
      ignore: "If it was you, just sign in. If it wasn't, you can ignore this email.",
    },
    signature: "The Mi Account team",
  },
} as const;

export type Messages = typeof messages;
