// Work still running after its response; scripts/server.ts waits for it before the process stops.
const inFlight: Set<Promise<unknown>> = ((globalThis as Record<symbol, Set<Promise<unknown>>>)[Symbol.for("mi.inFlight")] ??=
  new Set());

/** Keeps `running` in the set the server waits for at a graceful stop, until it settles. */
export function keepTrack<T>(running: Promise<T>): Promise<T> {
  const tracked = running.finally(() => inFlight.delete(tracked));
  inFlight.add(tracked);
  return tracked;
}
