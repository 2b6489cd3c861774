/**
 * Decides when a streaming client has fallen too far behind (issue: a client that does not read
 * must not grow the server's memory without bound). Over `maxBufferedBytes` queued is allowed for
 * `graceMs` — a resumed client catching up on a long answer gets a burst all at once and drains it
 * — but a client still over the limit after that is dropped at the next frame; it resumes with
 * `after` / Last-Event-ID. What it can queue meanwhile is bounded by the limit plus one grace
 * period of answer text.
 */
export interface SlowClientLimits {
  maxBufferedBytes: number;
  graceMs: number;
}

export function createSlowClientGuard(limits: SlowClientLimits, now: () => number = Date.now) {
  let overSince: number | undefined;
  return {
    /** True when the client must be dropped, given the bytes queued for it right now. */
    isTooFarBehind(bufferedBytes: number): boolean {
      if (bufferedBytes <= limits.maxBufferedBytes) {
        overSince = undefined;
        return false;
      }
      overSince ??= now();
      return now() - overSince >= limits.graceMs;
    },
  };
}

export type SlowClientGuard = ReturnType<typeof createSlowClientGuard>;
