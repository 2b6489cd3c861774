import { z } from 'zod';

export interface HandlerContext {
  entryId: string;
  /** 1 on the first delivery; higher when the entry was retried or taken over from another consumer. */
  deliveryCount: number;
  /** Aborted when stop() gives up waiting for this handler, so it can cancel its own work. */
  signal: AbortSignal;
  /**
   * Aborted when another consumer has claimed this entry while the handler still runs (this one
   * looked dead to the group). The handler must stop its side effects and throw `EntryReleased`:
   * the new owner does the work, and an ack from here would ack the new owner's delivery.
   */
  claimLost: AbortSignal;
}

export interface DeadLetterInfo {
  entryId: string;
  deliveries: number;
  error: string;
  /**
   * `handler-failed`: the last allowed delivery threw. `delivery-limit`: the entry came back with
   * more deliveries than allowed, typically because consumers holding it kept dying.
   */
  reason: 'handler-failed' | 'delivery-limit';
}

export interface ConsumeOptions<T> {
  /** Relative stream name; the bus prefixes it. */
  stream: string;
  group: string;
  /** Stable per process (e.g. the pod name) so a restarted consumer picks up its own pending entries. */
  consumer: string;
  handler: (event: T, context: HandlerContext) => Promise<void> | void;
  /** Called (at least once, so be idempotent) before an entry with a valid event is dead-lettered. */
  onDeadLetter?: (event: T, info: DeadLetterInfo) => Promise<void> | void;
  concurrency?: number;
  blockMs?: number;
  claimIdleMs?: number;
  maxDeliveries?: number;
  /** Relative stream name; defaults to `${stream}:dead`. */
  deadLetterStream?: string;
  /** How long stop() waits for in-flight handlers before aborting their signal and returning. */
  stopTimeoutMs?: number;
}

export const ConsumeSettings = z.object({
  stream: z.string().min(1),
  group: z.string().min(1),
  consumer: z.string().min(1),
  concurrency: z.number().int().min(1).default(1),
  // BLOCK 0 means "forever" to Redis; a finite block keeps the loop responsive.
  blockMs: z.number().int().min(1).default(2_000),
  claimIdleMs: z.number().int().min(10).default(30_000),
  maxDeliveries: z.number().int().min(1).default(5),
  deadLetterStream: z.string().min(1).optional(),
  stopTimeoutMs: z.number().int().min(0).default(10_000),
});
export type ConsumeSettings = z.output<typeof ConsumeSettings>;

export interface Consumer {
  /** Resolves once the consumer group exists and reading has started (never rejects). */
  readonly ready: Promise<void>;
  /** Stops reading, waits for in-flight handlers (up to stopTimeoutMs), closes the reading connection. */
  stop(): Promise<void>;
}
