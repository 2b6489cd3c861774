import { z } from 'zod';

/**
 * The bus event catalogue. Every event is `{ type, version, id, occurredAt, traceparent?,
 * requestId?, data }`; a breaking change to `data` means a new version, consumers accept the
 * versions they know. Stream names are relative: the bus prefixes them (REDIS_PREFIX).
 */
export const busStreamNames = {
  generationRequests: 'gen:requests',
  generationDead: 'gen:dead',
  events: 'events',
  emails: 'emails',
} as const;

/** Consumer groups another service must know by name (chat-service's reaper reads the workers' pending list). */
export const consumerGroups = {
  generationWorkers: 'provider-workers',
} as const;

const envelope = <T extends string, V extends number, D extends z.ZodType>(type: T, version: V, data: D) =>
  z.object({
    type: z.literal(type),
    version: z.literal(version),
    id: z.string(),
    occurredAt: z.iso.datetime(),
    traceparent: z.string().optional(),
    requestId: z.string().optional(),
    data,
  });

export const UserRegisteredV1 = envelope(
  'user.registered',
  1,
  z.object({ userId: z.string(), email: z.string() }),
);

export const UserUpdatedV1 = envelope(
  'user.updated',
  1,
  z.object({ userId: z.string(), role: z.enum(['USER', 'ADMIN']), disabled: z.boolean() }),
);

export const GenerationRequestedV1 = envelope(
  'generation.requested',
  1,
  z.object({
    generationId: z.string(),
    chatId: z.string(),
    userId: z.string(),
    assistantMessageId: z.string(),
  }),
);

export const UsageRecordedV1 = envelope(
  'usage.recorded',
  1,
  z.object({
    generationId: z.string(),
    userId: z.string(),
    chatId: z.string(),
    provider: z.string(),
    model: z.string(),
    inputTokens: z.number().int().min(0),
    outputTokens: z.number().int().min(0),
    costMicros: z.number().int().min(0),
  }),
);

export const BusEvent = z.discriminatedUnion('type', [
  UserRegisteredV1,
  UserUpdatedV1,
  GenerationRequestedV1,
  UsageRecordedV1,
]);
export type BusEvent = z.infer<typeof BusEvent>;
export type BusEventType = BusEvent['type'];
export type BusEventOf<T extends BusEventType> = Extract<BusEvent, { type: T }>;
