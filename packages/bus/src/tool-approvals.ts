import type { Redis } from 'ioredis';

/** Answers outlive the wait only briefly: long enough for a worker that is just starting to wait. */
const ANSWER_TTL_SECONDS = 600;

export type ToolApprovalOutcome = 'approved' | 'denied' | 'timed-out';

const keys = {
  /** Set while the worker waits for the user's answer to one call (chat-service checks it). */
  pending: (prefix: string, generationId: string, callId: string) =>
    `${prefix}gen:${generationId}:tool-approval:${callId}:pending`,
  /** A list the answer is pushed to; the worker blocks on it. */
  answer: (prefix: string, generationId: string, callId: string) =>
    `${prefix}gen:${generationId}:tool-approval:${callId}`,
};

/**
 * "Ask before a tool runs": the worker marks a call pending and blocks (BLPOP) until chat-service
 * pushes the user's answer, the time limit passes (a no), or the generation is cancelled.
 * BLPOP needs a connection of its own, so each wait opens one and closes it after.
 */
export function createToolApprovals(deps: { redis: Redis; prefix: string }) {
  const { redis, prefix } = deps;
  return {
    async isPending(generationId: string, callId: string): Promise<boolean> {
      return (await redis.exists(keys.pending(prefix, generationId, callId))) === 1;
    },

    /** The user's answer; false when no call is waiting (already answered, timed out, or unknown). */
    async answer(generationId: string, callId: string, approved: boolean): Promise<boolean> {
      const wasPending = await redis.del(keys.pending(prefix, generationId, callId));
      if (wasPending === 0) return false;
      const key = keys.answer(prefix, generationId, callId);
      await redis
        .multi()
        .lpush(key, approved ? 'yes' : 'no')
        .expire(key, ANSWER_TTL_SECONDS)
        .exec();
      return true;
    },

    async wait(
      generationId: string,
      callId: string,
      options: { timeoutMs: number; signal: AbortSignal },
    ): Promise<ToolApprovalOutcome> {
      const pendingKey = keys.pending(prefix, generationId, callId);
      await redis.set(pendingKey, '1', 'PX', options.timeoutMs + 5_000);
      const blocking = redis.duplicate({ enableAutoPipelining: false, commandTimeout: undefined });
      const onAbort = () => blocking.disconnect();
      options.signal.addEventListener('abort', onAbort, { once: true });
      try {
        if (options.signal.aborted) throw options.signal.reason;
        const reply = await blocking.blpop(
          keys.answer(prefix, generationId, callId),
          options.timeoutMs / 1000,
        );
        if (reply === null) return 'timed-out';
        return reply[1] === 'yes' ? 'approved' : 'denied';
      } catch (error) {
        if (options.signal.aborted) throw options.signal.reason;
        throw error;
      } finally {
        options.signal.removeEventListener('abort', onAbort);
        await redis.del(pendingKey).catch(() => undefined);
        blocking.disconnect();
      }
    },
  };
}

export type ToolApprovals = ReturnType<typeof createToolApprovals>;
