/** A wait as the unit and count a person reads ("45 seconds", "1 minute", "2 hours"), for common.waitFor. */
export function waitParts(ms: number): { unit: "second" | "minute" | "hour"; count: number } {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return { unit: "second", count: seconds };
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return { unit: "minute", count: minutes };
  return { unit: "hour", count: Math.ceil(minutes / 60) };
}
