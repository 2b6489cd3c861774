import type { Redis } from 'ioredis';
import { silentLogger, type BusLogger } from './logger';

/** Answers outlive the wait only briefly: long enough for a worker that is just starting to wait. */
const ANSWER_TTL_SECONDS = 600;
/** An answer claimed just as the wait timed out is on its way: how long to wait for it still. */
const LATE_ANSWER_GRACE_MS = 5_000;

export type ToolApprovalOutcome = 'approved' | 'denied' | 'timed-out';

const keys = {
  /** Set while the worker waits for the user's answer to one call (chat-service checks it). */
  pending: (prefix: string, generationId: string, callId: string) =>
    `${prefix}gen:${generationId}:tool-approval:${callId}:pending`,
  /** A list the answer is pushed to (kept, so a wait that starts late still finds it). */
  answer: (prefix: string, generationId: string, callId: string) =>
    `${prefix}gen:${generationId}:tool-approval:${callId}`,
  /** Announces every answer's key: the waiters of a process listen on one connection. */
  channel: (prefix: string) => `${prefix}tool-approval.answered`,
};

interface Waiter {
  settle: (answer: string | null) => void;
}

/**
 * "Ask before a tool runs": the worker marks a call pending and waits until chat-service pushes
 * the user's answer, the time limit passes (a no), or the generation is cancelled.
 *
 * Waiting costs no connection per waiter: the answer is pushed to a list and announced on a
 * channel; one subscriber connection per process (opened with the first wait) hears every
 * announcement and pops the answer for the waiter it belongs to, over the shared client. A
 * BLPOP per waiter would hold a connection each for up to the whole time limit.
 */
export function createToolApprovals(deps: { redis: Redis; prefix: string; logger?: BusLogger }) {
  const { redis, prefix, logger = silentLogger } = deps;
  const channel = keys.channel(prefix);
  const waiters = new Map<string, Set<Waiter>>();
  let subscriber: Redis | undefined;
  let subscribed: Promise<unknown> | undefined;

  /** Takes the answer at `key`, if there is one, and hands it to a waiter of that key. */
  async function deliver(key: string): Promise<void> {
    const waiting = waiters.get(key);
    if (!waiting || waiting.size === 0) return;
    const answer = await redis.lpop(key);
    if (answer === null) return;
    const [first] = waiting;
    first?.settle(answer);
  }

  function listen(): Promise<unknown> {
    if (subscribed) return subscribed;
    const connection = redis.duplicate({ enableAutoPipelining: false, commandTimeout: undefined });
    subscriber = connection;
    connection.on('error', (error: Error) =>
      logger.warn({ err: error, channel }, 'tool-approval subscriber connection error'),
    );
    connection.on('message', (from: string, key: string) => {
      if (from === channel) void deliver(key).catch(() => undefined);
    });
    // After a reconnection (ioredis subscribes again by itself), answers announced meanwhile
    // were missed: look for every waiter's answer once.
    connection.on('ready', () => {
      for (const key of waiters.keys()) void deliver(key).catch(() => undefined);
    });
    // A SUBSCRIBE that failed (Redis unreachable past ioredis's retries) is not kept: the next
    // wait opens a fresh subscriber instead of failing on the cached rejection forever.
    subscribed = connection.subscribe(channel).catch((error: unknown) => {
      logger.error({ err: error, channel }, 'tool-approval subscribe failed; the next wait retries');
      if (subscriber === connection) {
        subscriber = undefined;
        subscribed = undefined;
      }
      connection.disconnect();
      throw error;
    });
    return subscribed;
  }

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
        .publish(channel, key)
        .exec();
      return true;
    },

    async wait(
      generationId: string,
      callId: string,
      options: { timeoutMs: number; signal: AbortSignal },
    ): Promise<ToolApprovalOutcome> {
      if (options.signal.aborted) throw options.signal.reason;
      const pendingKey = keys.pending(prefix, generationId, callId);
      const key = keys.answer(prefix, generationId, callId);
      await listen();
      await redis.set(pendingKey, '1', 'PX', options.timeoutMs + LATE_ANSWER_GRACE_MS);

      let waiter!: Waiter;
      let timer: NodeJS.Timeout | undefined;
      const answer = new Promise<string | null>((resolve) => {
        waiter = { settle: resolve };
      });
      const waiting = waiters.get(key) ?? new Set<Waiter>();
      waiters.set(key, waiting.add(waiter));
      const onAbort = () => waiter.settle(null);
      options.signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        // Claimed by the user just now (their answer is on its way): wait for it a little longer.
        redis
          .del(pendingKey)
          .then((wasPending) => {
            if (wasPending === 1) return waiter.settle(null);
            timer = setTimeout(() => waiter.settle(null), LATE_ANSWER_GRACE_MS);
            return deliver(key);
          })
          .catch(() => waiter.settle(null));
      }, options.timeoutMs);
      try {
        // Answered before this wait listened (a worker that restarted, a fast user).
        void deliver(key).catch(() => undefined);
        const reply = await answer;
        if (options.signal.aborted) throw options.signal.reason;
        if (reply === null) return 'timed-out';
        return reply === 'yes' ? 'approved' : 'denied';
      } finally {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        waiting.delete(waiter);
        if (waiting.size === 0) waiters.delete(key);
        await redis.del(pendingKey).catch(() => undefined);
      }
    },

    /** Closes the shared subscriber connection (a no-op for a process that never waited). */
    close(): void {
      subscriber?.disconnect();
      subscriber = undefined;
      subscribed = undefined;
    },
  };
}

export type ToolApprovals = ReturnType<typeof createToolApprovals>;
