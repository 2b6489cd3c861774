import { BusEvent } from '@vivier/contracts';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { ConsumeOptions, Consumer } from './consume-options';
import { startConsumer } from './consumer';
import { InvalidBusEventError } from './errors';
import { silentLogger, type BusLogger } from './logger';
import { tracePublish } from './tracing';

/**
 * Approximate cap (MAXLEN ~) of dead-letter streams, which people read and nobody acks. Work
 * streams are not capped at publish: unread requests and usage records must survive a consumer
 * outage, so consumers trim them only past what every group has acknowledged (trimAcknowledged).
 */
export const DEFAULT_MAX_LEN = 100_000;

export interface BusOptions {
  redis: Redis;
  /** Prepended to every stream name, e.g. `vivier:`. */
  prefix: string;
  logger?: BusLogger;
}

export interface PublishOptions {
  /** Cap the stream (MAXLEN ~): only for streams whose old entries may be lost unread. */
  maxLen?: number;
}

export interface Bus {
  readonly prefix: string;
  /** The Redis key of a relative stream name. */
  streamKey(stream: string): string;
  /** Validates, then XADDs the event as one `event` field; resolves with the entry id. */
  publish(stream: string, event: BusEvent, options?: PublishOptions): Promise<string>;
  publish<S extends z.ZodType>(
    stream: string,
    event: z.input<S>,
    options: PublishOptions & { schema: S },
  ): Promise<string>;
  /** Starts a consumer-group reader; entries are validated with `schema` (default: the contracts `BusEvent`). */
  consume(options: ConsumeOptions<BusEvent> & { schema?: undefined }): Consumer;
  consume<T>(options: ConsumeOptions<NoInfer<T>> & { schema: z.ZodType<T> }): Consumer;
}

export function createBus({ redis, prefix, logger = silentLogger }: BusOptions): Bus {
  const streamKey = (stream: string) => prefix + stream;

  async function publish(
    stream: string,
    event: unknown,
    options: PublishOptions & { schema?: z.ZodType } = {},
  ): Promise<string> {
    const { maxLen } = options;
    if (maxLen !== undefined && (!Number.isSafeInteger(maxLen) || maxLen < 1))
      throw new RangeError(`maxLen must be a positive integer, got ${maxLen}`);
    const result = (options.schema ?? BusEvent).safeParse(event);
    if (!result.success) throw new InvalidBusEventError(stream, result.error);
    return tracePublish(streamKey(stream), async (traceparent) => {
      // A catalogue event carries the publish span's context, so its consumer continues the trace.
      const event =
        traceparent && !options.schema ? { ...(result.data as object), traceparent } : result.data;
      const payload = JSON.stringify(event);
      const entryId =
        maxLen === undefined
          ? await redis.xadd(streamKey(stream), '*', 'event', payload)
          : await redis.xadd(streamKey(stream), 'MAXLEN', '~', maxLen, '*', 'event', payload);
      // XADD only answers nil with NOMKSTREAM, which is never sent here.
      if (entryId === null) throw new Error(`XADD to "${streamKey(stream)}" returned no id`);
      logger.debug({ stream: streamKey(stream), entryId }, 'bus event published');
      return entryId;
    });
  }

  function consume<T>(options: ConsumeOptions<T> & { schema?: z.ZodType<T> }): Consumer {
    // Without a schema the caller is on the first overload, where T is BusEvent.
    const schema = options.schema ?? (BusEvent as unknown as z.ZodType<T>);
    return startConsumer({ redis, logger, prefix, schema, deadLetterMaxLen: DEFAULT_MAX_LEN }, options);
  }

  return { prefix, streamKey, publish, consume };
}
