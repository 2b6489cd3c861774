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

/** A decoded frame and the JSON a client is sent for it (WebSocket message, SSE data line). */
export interface DecodedFrame {
  frame: StreamFrame;
  json: string;
}

/** The frames that are a type and a text, nothing else: nearly every frame a stream carries. */
const TEXT_FRAME_TYPES: ReadonlySet<unknown> = new Set(['delta', 'reasoning']);
const OPENING_BRACE = 123;

/**
 * Decodes one stored frame; undefined when it does not decode (unknown type, malformed). A text
 * frame (`delta`, `reasoning`: exactly a type and a string text) is checked by hand, which gives
 * the contract schema's answer for it, and its client JSON is the stored JSON with the ids put in
 * front, so it is neither validated by zod nor stringified again: per relayed delta those were
 * most of the relay's own CPU (issue 11, the CPU figure). Any other frame goes through the schema.
 */
export function decodeFrame(generationId: string, id: string, raw: string): DecodedFrame | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { type, text } = body as { type?: unknown; text?: unknown };
  if (
    TEXT_FRAME_TYPES.has(type) &&
    typeof text === 'string' &&
    Object.keys(body).length === 2 &&
    // The splice below needs the object's own brace first (JSON may start with whitespace), and
    // one line: an SSE `data:` line ends at a newline, which JSON.stringify never writes but a
    // hand-written payload could have between its tokens.
    raw.charCodeAt(0) === OPENING_BRACE &&
    !raw.includes('\n') &&
    !raw.includes('\r')
  ) {
    // Key for key what the schema outputs ({ generationId, id, type, text }), so the JSON is the
    // same bytes as stringifying it, given the worker's `{"type":…,"text":…}`.
    return {
      frame: { generationId, id, type: type as 'delta' | 'reasoning', text },
      json: `{"generationId":${JSON.stringify(generationId)},"id":${JSON.stringify(id)},${raw.slice(1)}`,
    };
  }
  const parsed = StreamFrame.safeParse({ ...body, id, generationId });
  return parsed.success ? { frame: parsed.data, json: JSON.stringify(parsed.data) } : undefined;
}

function fieldsToFrame(generationId: string, id: string, fields: string[]): DecodedFrame | undefined {
  const index = fields.indexOf(FRAME_FIELD);
  const raw = index >= 0 ? fields[index + 1] : undefined;
  return raw === undefined ? undefined : decodeFrame(generationId, id, raw);
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
      return entries.flatMap(([id, fields]) => fieldsToFrame(generationId, id, fields)?.frame ?? []);
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
        entries.flatMap(([id, fields]) => fieldsToFrame(generationId, id, fields)?.frame ?? []),
      );
    },

    /**
     * One XREAD BLOCK over many generations at once (a relay's single reader), each from its own
     * cursor (`after`, exclusive). Every entry comes back with its id, `decoded` undefined when it
     * does not decode (a frame type this version does not know), so a reader can still move past it.
     * Takes any iterable so a reader can pass its live watches without copying them for each read.
     */
    async readMany(
      reader: Redis,
      cursors: Iterable<{ readonly generationId: string; readonly cursor: string }>,
      blockMs: number,
      count = 500,
    ): Promise<Array<{ generationId: string; entries: Array<{ id: string; decoded?: DecodedFrame }> }>> {
      const keys: string[] = [];
      const afters: string[] = [];
      for (const { generationId, cursor } of cursors) {
        keys.push(generationKeys.stream(prefix, generationId));
        afters.push(cursor);
      }
      if (keys.length === 0) return [];
      const keyPrefixLength = generationKeys.stream(prefix, '').length;
      const reply = await reader.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...keys, ...afters);
      if (!reply) return [];
      return reply.map(([key, entries]) => {
        const generationId = key.slice(keyPrefixLength);
        return {
          generationId,
          entries: entries.map(([id, fields]) => {
            const decoded = fieldsToFrame(generationId, id, fields);
            return decoded ? { id, decoded } : { id };
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
