import { describe, expect, it } from 'vitest';
import { StreamFrame } from '@vivier/contracts';
import { decodeFrame } from './generation-stream';

const generationId = 'gen_a';
const id = '1700000000000-3';

/** What the relay did before the hand-checked path: the contract schema, then stringify. */
function throughSchema(raw: string) {
  const parsed = StreamFrame.safeParse({ ...(JSON.parse(raw) as object), id, generationId });
  return parsed.success ? { frame: parsed.data, json: JSON.stringify(parsed.data) } : undefined;
}

describe('decodeFrame', () => {
  it.each([
    JSON.stringify({ type: 'delta', text: 'Hello, "world" \\ \u2028 ☃ \n' }),
    JSON.stringify({ type: 'reasoning', text: '' }),
    JSON.stringify({
      type: 'done',
      messageId: 'msg_1',
      usage: { inputTokens: 3, outputTokens: 2 },
      costMicros: 7,
    }),
    JSON.stringify({ type: 'tool_call', callId: 'c1', name: 'search', arguments: { q: 'x' } }),
  ])('gives the same frame and the same JSON bytes as the schema for %s', (raw) => {
    expect(decodeFrame(generationId, id, raw)).toEqual(throughSchema(raw));
  });

  it('gives a frame that parses to the same object when the stored JSON is written differently', () => {
    for (const raw of ['{"text":"hi","type":"delta"}', '{ "type" : "delta", "text": "h\\u0069" }']) {
      const decoded = decodeFrame(generationId, id, raw)!;
      expect(decoded.frame).toEqual(throughSchema(raw)!.frame);
      expect(JSON.parse(decoded.json)).toEqual(throughSchema(raw)!.frame);
    }
  });

  it('gives one-line JSON (an SSE data line) for stored JSON with a newline between its tokens', () => {
    const raw = '{"type":"delta",\n"text":"two\\nlines"}';
    const decoded = decodeFrame(generationId, id, raw)!;
    expect(decoded.json).not.toMatch(/[\r\n]/);
    expect(JSON.parse(decoded.json)).toEqual(throughSchema(raw)!.frame);
  });

  it('drops keys the contract does not know, as the schema does', () => {
    const raw = '{"type":"delta","text":"hi","extra":1}';
    expect(decodeFrame(generationId, id, raw)).toEqual(throughSchema(raw));
    expect(JSON.parse(decodeFrame(generationId, id, raw)!.json)).not.toHaveProperty('extra');
  });

  it('does not decode unknown or malformed frames', () => {
    for (const raw of [
      '{"type":"hologram","text":"hi"}',
      '{"type":"delta","text":7}',
      '{"type":"delta"}',
      '{"type":"delta","text":"hi"',
      '"delta"',
      'null',
      '[]',
      ' {"type":"delta","id":"9-9","generationId":"gen_b","text":1}',
    ]) {
      expect(decodeFrame(generationId, id, raw)).toBeUndefined();
    }
  });

  it('keeps the entry id and stream generation id over any stored in the body', () => {
    const raw = ' {"type":"delta","text":"hi","id":"9-9","generationId":"gen_b"}';
    expect(decodeFrame(generationId, id, raw)!.frame).toMatchObject({ id, generationId });
    expect(JSON.parse(decodeFrame(generationId, id, raw)!.json)).toMatchObject({ id, generationId });
  });
});
