/**
 * Timestamps that strictly increase within this process, even for rows written in the same
 * millisecond (a user message and its assistant reply), so "oldest first" and "most recent
 * child" never depend on a tie. Across replicas, ties fall back to the time-ordered ids.
 */
export function createMonotonicClock(now: () => number = Date.now) {
  let last = 0;
  return (): Date => {
    last = Math.max(now(), last + 1);
    return new Date(last);
  };
}
