// Empty on purpose: built inside the portal's folder, Next.js would otherwise take the portal's instrumentation.ts.
export function register() {}
