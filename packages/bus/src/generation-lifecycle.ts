import type { Usage } from '@vivier/contracts';
import type { FrameBody } from './generation-stream';

/**
 * The one owner of a generation's lifecycle, shared by chat-service (which starts, cancels and
 * replays generations) and provider-worker (which runs and settles them): its statuses, the Redis
 * keys that belong to it, and the terminal frame that ends its stream. A second copy drifts.
 */

/** The statuses of a generation row (the `GenerationStatus` enum in @vivier/db's schema). */
export const activeGenerationStatuses = ['queued', 'streaming'] as const;
const terminalGenerationStatuses = ['done', 'failed', 'cancelled'] as const;
export type GenerationStatus =
  (typeof activeGenerationStatuses)[number] | (typeof terminalGenerationStatuses)[number];
export type TerminalGenerationStatus = (typeof terminalGenerationStatuses)[number];

export const isTerminalGeneration = (status: GenerationStatus): status is TerminalGenerationStatus =>
  (terminalGenerationStatuses as readonly string[]).includes(status);

/** Redis keys of one generation. `prefix` is the deployment's REDIS_PREFIX. */
export const generationKeys = {
  /** The frame stream provider-worker writes and chat-service relays. */
  stream: (prefix: string, generationId: string) => `${prefix}gen:${generationId}`,
  /** Set when a cancel is requested, for a worker that was not listening at the time. */
  cancel: (prefix: string, generationId: string) => `${prefix}gen:${generationId}:cancel`,
  /** The channel cancel requests are published on, for workers listening right now. */
  cancelChannel: (prefix: string) => `${prefix}gen:cancel`,
  /** Set once `usage.recorded` was published for the generation (see usage-marks). */
  usageMark: (prefix: string, generationId: string) => `${prefix}gen:${generationId}:usage-recorded`,
};

/** How a generation ended, as far as its terminal frame tells it. */
export interface GenerationEnding {
  status: TerminalGenerationStatus;
  /** The assistant message the answer was written to. */
  messageId: string;
  /** Undefined (reported as zero) when nothing was sent to a provider. */
  usage?: Usage;
  costMicros?: number;
  /** Either part may be missing on a failed generation: the defaults below fill it in. */
  error?: { code?: string | null; message?: string | null };
}

const DEFAULT_GENERATION_ERROR = {
  code: 'PROVIDER_UNAVAILABLE',
  message: 'The answer could not be generated.',
} as const;

/** The frame that ends a generation's stream: `done`, `error` or `cancelled`. */
export function terminalFrame(ending: GenerationEnding): FrameBody {
  if (ending.status === 'done') {
    return {
      type: 'done',
      messageId: ending.messageId,
      usage: ending.usage ?? { inputTokens: 0, outputTokens: 0 },
      costMicros: ending.costMicros ?? 0,
    };
  }
  if (ending.status === 'failed') {
    return {
      type: 'error',
      code: ending.error?.code ?? DEFAULT_GENERATION_ERROR.code,
      message: ending.error?.message ?? DEFAULT_GENERATION_ERROR.message,
    };
  }
  return { type: 'cancelled' };
}
