/** Why a running generation's provider call was aborted. */
export type InterruptReason =
  | 'cancelled'
  | 'shutdown'
  | 'stream-write-failed'
  /** Another worker reclaimed the request from the bus: it runs the generation now. */
  | 'taken-over'
  /** The lease renewal found the generation no longer this worker's (taken over, or ended elsewhere). */
  | 'lease-lost'
  /** The provider sent nothing for longer than the first-token or idle timeout. */
  | 'provider-timeout';

/** The abort reason the worker puts on a generation's signal, so the handler can tell causes apart. */
export class GenerationInterrupted extends Error {
  constructor(
    readonly reason: InterruptReason,
    options: { cause?: unknown } = {},
  ) {
    super(`generation interrupted: ${reason}`, options);
    this.name = 'GenerationInterrupted';
  }
}

export function interruptReasonOf(signal: AbortSignal): InterruptReason | undefined {
  return signal.aborted && signal.reason instanceof GenerationInterrupted ? signal.reason.reason : undefined;
}

/**
 * The generations this process is running, by id, so a cancel request (pub/sub, any worker may
 * receive it) aborts the right provider call at once.
 */
export function createCancelRegistry() {
  const running = new Map<string, AbortController>();
  return {
    register(generationId: string): AbortController {
      const controller = new AbortController();
      running.set(generationId, controller);
      return controller;
    },
    isRunning(generationId: string): boolean {
      return running.has(generationId);
    },
    unregister(generationId: string, controller: AbortController): void {
      if (running.get(generationId) === controller) running.delete(generationId);
    },
    /** True when this process was running the generation. */
    cancel(generationId: string): boolean {
      const controller = running.get(generationId);
      controller?.abort(new GenerationInterrupted('cancelled'));
      return controller !== undefined;
    },
    get size() {
      return running.size;
    },
  };
}

export type CancelRegistry = ReturnType<typeof createCancelRegistry>;
