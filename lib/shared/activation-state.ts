// What the activation page can say about a link (lib/server/flows/verification/activation.ts decides which): a plain
// union, so the page's components can name it without reaching into server code.
export type ActivationState = "ready" | "needs-password" | "invalid" | "expired" | "already-active";
