// The page shown for an unexpected failure (app/error.tsx, loaded on every page: keep it small).

export const failure = {
  title: "Something went wrong",
  body: "We couldn't finish that just now. Nothing was lost: please try again in a moment.",
  retry: "Try again",
} as const;
