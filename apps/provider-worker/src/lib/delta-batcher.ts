/**
 * Coalesces answer text into delta frames without adding latency (chat-core-design.md, "Deltas"):
 * the first text is written at once; text that arrives while a write is in flight waits for it and
 * then goes out as ONE frame in the next write. No timers: when Redis keeps up, every token is its
 * own frame; when it lags, frames grow and the number of writes stays small and flat.
 */
export interface DeltaBatcher {
  /** Queues `text`; starts a write now unless one is in flight. Never throws. */
  push(text: string): void;
  /** Resolves once every pushed character has been written; rejects with the first write failure. */
  flush(): Promise<void>;
  /** Characters pushed but not yet handed to a write. */
  readonly pendingLength: number;
  /** No write in flight and nothing waiting for one: flush() has nothing to wait for (at most a failure to report). */
  readonly isIdle: boolean;
}

export function createDeltaBatcher(options: {
  write: (text: string) => Promise<unknown>;
  /** Told once, on the first failed write (e.g. to abort the provider call). Later text is dropped. */
  onWriteError?: (error: unknown) => void;
}): DeltaBatcher {
  let pending = '';
  let inFlight: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;

  async function drain() {
    // Each turn takes everything that accumulated during the previous write.
    while (pending.length > 0 && !failure) {
      const text = pending;
      pending = '';
      try {
        await options.write(text);
      } catch (error) {
        failure = { error };
        options.onWriteError?.(error);
      }
    }
    inFlight = undefined;
  }

  return {
    push(text) {
      if (text.length === 0 || failure) return;
      pending += text;
      // drain() runs synchronously up to its first await, so the first write starts right here.
      inFlight ??= drain();
    },
    async flush() {
      while (inFlight) await inFlight;
      if (failure) throw failure.error;
    },
    get pendingLength() {
      return pending.length;
    },
    get isIdle() {
      return inFlight === undefined;
    },
  };
}
