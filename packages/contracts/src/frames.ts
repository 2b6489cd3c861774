import { z } from 'zod';
import { CitationSource } from './citations';

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
  /** A numbered source the answer may cite as [index]; sent before the first delta that cites it. */
  z.object({ ...base, type: z.literal('citation'), index: z.number().int().min(1), source: CitationSource }),
]);
export type StreamFrame = z.infer<typeof StreamFrame>;

export const terminalFrameTypes = ['done', 'error', 'cancelled'] as const;
