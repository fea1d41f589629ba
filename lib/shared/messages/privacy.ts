// The privacy policy page.

export const privacy = {
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
} as const;
