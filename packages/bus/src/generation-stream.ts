import type { Redis } from 'ioredis';
import { isTerminalFrame, StreamFrame } from '@vivier/contracts';
import { generationKeys } from './generation-lifecycle';

/**
 * The per-generation frame stream (`{prefix}gen:{generationId}`) that provider-worker writes and
 * chat-service relays. A frame's id is its Redis entry id: increasing, and exactly what a client
 * passes back as `after` / Last-Event-ID to resume. After the terminal frame the stream expires,
 * so late and reconnecting readers can still replay it for a while.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A frame as written: the id and generation id are implied by the entry and the stream. */
export type FrameBody = DistributiveOmit<StreamFrame, 'id' | 'generationId'>;

export const GENERATION_STREAM_TTL_SECONDS = 60 * 60;
const CANCEL_TTL_SECONDS = 10 * 60;
const FRAME_FIELD = 'f';

// Re-exported: the services name it through the bus, beside the frames it reads.
export { isTerminalFrame };

function toFrame(generationId: string, id: string, fields: string[]): StreamFrame | undefined {
  const index = fields.indexOf(FRAME_FIELD);
  const raw = index >= 0 ? fields[index + 1] : undefined;
  if (raw === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const parsed = StreamFrame.safeParse({ ...body, id, generationId });
  return parsed.success ? parsed.data : undefined;
}

export function createGenerationStreams(deps: { redis: Redis; prefix: string; ttlSeconds?: number }) {
  const { redis, prefix } = deps;
  const ttl = deps.ttlSeconds ?? GENERATION_STREAM_TTL_SECONDS;

  return {
    key: (generationId: string) => generationKeys.stream(prefix, generationId),

    /** One XADD per call; a terminal frame also starts the stream's expiry (atomically). */
    async append(generationId: string, frame: FrameBody): Promise<string> {
      const key = generationKeys.stream(prefix, generationId);
      const payload = JSON.stringify(frame);
      if (!isTerminalFrame(frame)) return (await redis.xadd(key, '*', FRAME_FIELD, payload)) as string;
      const results = await redis.multi().xadd(key, '*', FRAME_FIELD, payload).expire(key, ttl).exec();
      const [error, id] = results?.[0] ?? [new Error('XADD did not run')];
      if (error) throw error;
      return id as string;
    },

    /** Frames after `after` (exclusive; from the start when absent), without blocking. */
    async range(generationId: string, after?: string, count = 1000): Promise<StreamFrame[]> {
      const start = after ? `(${after}` : '-';
      const entries = await redis.xrange(
        generationKeys.stream(prefix, generationId),
        start,
        '+',
        'COUNT',
        count,
      );
      return entries.flatMap(([id, fields]) => toFrame(generationId, id, fields) ?? []);
    },

    /**
     * Waits up to `blockMs` for frames after `after`. BLOCK ties up the connection: pass a
     * dedicated one (`reader`), never the shared client.
     */
    async read(
      reader: Redis,
      generationId: string,
      after: string | undefined,
      blockMs: number,
      count = 500,
    ): Promise<StreamFrame[]> {
      const reply = await reader.xread(
        'COUNT',
        count,
        'BLOCK',
        blockMs,
        'STREAMS',
        generationKeys.stream(prefix, generationId),
        after ?? '0',
      );
      if (!reply) return [];
      return reply.flatMap(([, entries]) =>
        entries.flatMap(([id, fields]) => toFrame(generationId, id, fields) ?? []),
      );
    },

    /**
     * One XREAD BLOCK over many generations at once (a relay's single reader), each from its own
     * cursor. Every entry comes back with its id, `frame` undefined when it does not decode (a
     * frame type this version does not know), so a reader can still move past it.
     */
    async readMany(
      reader: Redis,
      cursors: ReadonlyArray<readonly [generationId: string, after: string]>,
      blockMs: number,
      count = 500,
    ): Promise<Array<{ generationId: string; entries: Array<{ id: string; frame?: StreamFrame }> }>> {
      if (cursors.length === 0) return [];
      const keyPrefix = generationKeys.stream(prefix, '');
      const reply = await reader.xread(
        'COUNT',
        count,
        'BLOCK',
        blockMs,
        'STREAMS',
        ...cursors.map(([generationId]) => generationKeys.stream(prefix, generationId)),
        ...cursors.map(([, after]) => after),
      );
      if (!reply) return [];
      return reply.map(([key, entries]) => {
        const generationId = key.slice(keyPrefix.length);
        return {
          generationId,
          entries: entries.map(([id, fields]) => {
            const frame = toFrame(generationId, id, fields);
            return frame ? { id, frame } : { id };
          }),
        };
      });
    },

    async exists(generationId: string): Promise<boolean> {
      return (await redis.exists(generationKeys.stream(prefix, generationId))) === 1;
    },

    /** Cancel: a key the worker can check, and a message for workers listening right now. */
    async requestCancel(generationId: string): Promise<void> {
      await redis
        .multi()
        .set(generationKeys.cancel(prefix, generationId), '1', 'EX', CANCEL_TTL_SECONDS)
        .publish(generationKeys.cancelChannel(prefix), generationId)
        .exec();
    },

    async isCancelRequested(generationId: string): Promise<boolean> {
      return (await redis.exists(generationKeys.cancel(prefix, generationId))) === 1;
    },

    /** Calls `onCancel(generationId)` for every cancel request; `subscriber` becomes subscriber-only. */
    async onCancel(
      subscriber: Redis,
      onCancel: (generationId: string) => void,
    ): Promise<() => Promise<void>> {
      const channel = generationKeys.cancelChannel(prefix);
      subscriber.on('message', (from: string, generationId: string) => {
        if (from === channel) onCancel(generationId);
      });
      await subscriber.subscribe(channel);
      return async () => {
        await subscriber.unsubscribe(channel);
      };
    },
  };
}

export type GenerationStreams = ReturnType<typeof createGenerationStreams>;
