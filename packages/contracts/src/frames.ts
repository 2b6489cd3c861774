import { z } from 'zod';
import { CitationSource } from './citations';

/** Frames of a generation's stream, as sent over WebSocket and SSE. `id` is opaque and increasing. */
const base = { generationId: z.string(), id: z.string() };

export const Usage = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  /** The part of outputTokens spent thinking, when the provider reports it separately. */
  reasoningTokens: z.number().int().min(0).optional(),
});
export type Usage = z.infer<typeof Usage>;

export const StreamFrame = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('delta'), text: z.string() }),
  /** The model's thinking, streamed before (or between) answer deltas; never part of the answer. */
  z.object({ ...base, type: z.literal('reasoning'), text: z.string() }),
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
  z.object({
    ...base,
    type: z.literal('tool_call'),
    callId: z.string(),
    name: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    /** The chat asks for confirmation: the tool waits for `POST …/tool-calls/:callId/approval`. */
    needsApproval: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('tool_result'),
    callId: z.string(),
    content: z.string(),
    isError: z.boolean(),
  }),
  /** A numbered source the answer may cite as [index]; sent before the first delta that cites it. */
  z.object({ ...base, type: z.literal('citation'), index: z.number().int().min(1), source: CitationSource }),
]);
export type StreamFrame = z.infer<typeof StreamFrame>;
