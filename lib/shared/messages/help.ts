// The help page: the questions people ask of an account portal, each with the way forward.

export const help = {
  title: "Help",
  intro: "Answers to the questions people ask most about their Mi Account.",
  topics: [
    {
      question: "The activation email hasn't arrived",
      answer: "It can take a few minutes. Look in your spam or junk folder, and check the address you typed. You can ask for it again from the page after registering, or here:",
      link: { href: "/resend", text: "Resend activation email" },
    },
    {
      question: "I forgot my password",
      answer: "We'll email you a link to choose a new one. It works once, for an hour.",
      link: { href: "/forgot", text: "Reset your password" },
    },
    {
      question: "What can I sign in with?",
      answer: "Your email address or your Mi Account ID (the number shown when you activated your account, also on your account page), with your password.",
      link: { href: "/login", text: "Sign in" },
    },
    {
      question: "My account is locked after wrong passwords",
      answer: "After several wrong passwords we ask for a code from an image, then pause sign-in for a while. Resetting your password ends the pause.",
      link: { href: "/forgot", text: "Reset your password" },
    },
    {
      question: "How do I change my password, stop offers, or sign out of other devices?",
      answer: "Sign in and open your account page: each of these has its own section there, as do downloading your data and deleting your account.",
      link: { href: "/account", text: "My Mi Account" },
    },
  ],
} as const;
