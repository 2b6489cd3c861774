import { z } from 'zod';

/** Frames of a generation's stream, as sent over WebSocket and SSE. `id` is opaque and increasing. */
const base = { generationId: z.string(), id: z.string() };

export const Usage = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
});
export type Usage = z.infer<typeof Usage>;

export const StreamFrame = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('delta'), text: z.string() }),
  z.object({
    ...base,
    type: z.literal('done'),
    messageId: z.string(),
    usage: Usage,
    costMicros: z.number().int(),
  }),
  z.object({ ...base, type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ ...base, type: z.literal('cancelled') }),
  z.object({ ...base, type: z.literal('reset') }),
]);
export type StreamFrame = z.infer<typeof StreamFrame>;
