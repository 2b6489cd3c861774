import { describe, expect, it } from 'vitest';
import type { StreamFrame } from '@vivier/contracts';
import {
  applyFrame,
  applyFrames,
  compareFrameIds,
  initialStreamState,
  thinkingSpanMs,
} from './stream-reducer';

const gen = 'gen_test';
const id = (n: number) => `1700000000000-${n}`;
const delta = (n: number, text: string): StreamFrame => ({
  type: 'delta',
  generationId: gen,
  id: id(n),
  text,
});

describe('compareFrameIds', () => {
  it('compares Redis ids as number pairs, not strings', () => {
    expect(compareFrameIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareFrameIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareFrameIds('10-3', '10-3')).toBe(0);
    expect(compareFrameIds('11-0', '10-99')).toBeGreaterThan(0);
  });
});

describe('applyFrame', () => {
  it('appends deltas in order and ends with done, usage and cost', () => {
    const state = applyFrames(initialStreamState(gen), [
      delta(1, 'Hello'),
      delta(2, ', world'),
      {
        type: 'done',
        generationId: gen,
        id: id(3),
        messageId: 'msg_1',
        usage: { inputTokens: 3, outputTokens: 2 },
        costMicros: 42,
      },
    ]);
    expect(state).toMatchObject({
      text: 'Hello, world',
      status: 'done',
      messageId: 'msg_1',
      costMicros: 42,
      lastFrameId: id(3),
    });
    expect(state.usage).toEqual({ inputTokens: 3, outputTokens: 2 });
  });

  it('drops frames it has already seen, so an overlapping resubscription doubles nothing', () => {
    const first = applyFrames(initialStreamState(gen), [delta(1, 'a'), delta(2, 'b')]);
    const replayed = applyFrames(first, [delta(1, 'a'), delta(2, 'b'), delta(3, 'c')]);
    expect(replayed.text).toBe('abc');
    expect(applyFrame(replayed, delta(2, 'b'))).toBe(replayed);
  });

  it('discards the text on reset and continues with what follows', () => {
    const state = applyFrames(initialStreamState(gen), [
      delta(1, 'partial from a dead worker'),
      { type: 'reset', generationId: gen, id: id(2) },
      delta(3, 'fresh'),
    ]);
    expect(state.text).toBe('fresh');
    expect(state.status).toBe('streaming');
  });

  it('ignores everything after a terminal frame', () => {
    const cancelled = applyFrames(initialStreamState(gen), [
      delta(1, 'part'),
      { type: 'cancelled', generationId: gen, id: id(2) },
    ]);
    expect(cancelled.status).toBe('cancelled');
    expect(applyFrame(cancelled, delta(3, 'late'))).toBe(cancelled);
  });

  it('records an error frame with its code and message, keeping the partial text', () => {
    const state = applyFrames(initialStreamState(gen), [
      delta(1, 'some'),
      {
        type: 'error',
        generationId: gen,
        id: id(2),
        code: 'PROVIDER_AUTH',
        message: 'The provider refused the key',
      },
    ]);
    expect(state).toMatchObject({ status: 'error', text: 'some', error: { code: 'PROVIDER_AUTH' } });
  });

  it('accepts the relay refusal (id 0-0) even after other frames', () => {
    const state = applyFrames(initialStreamState(gen), [
      delta(5, 'x'),
      { type: 'error', generationId: gen, id: '0-0', code: 'NOT_FOUND', message: 'Generation not found' },
    ]);
    expect(state.status).toBe('error');
    expect(state.lastFrameId).toBe(id(5));
  });

  it('ignores frames of other generations', () => {
    const state = initialStreamState(gen);
    expect(applyFrame(state, { ...delta(1, 'x'), generationId: 'gen_other' })).toBe(state);
  });

  it('rebuilds the same text from any split into a first part and a resumed rest', () => {
    const frames = Array.from({ length: 30 }, (_, index) => delta(index + 1, `w${index} `));
    const whole = applyFrames(initialStreamState(gen), frames).text;
    for (let cut = 0; cut <= frames.length; cut++) {
      const first = applyFrames(initialStreamState(gen), frames.slice(0, cut));
      // A resubscription from lastFrameId may repeat the boundary frame: still no doubling.
      const resumed = applyFrames(first, frames.slice(Math.max(0, cut - 1)));
      expect(resumed.text).toBe(whole);
    }
  });
});

describe('reasoning frames', () => {
  const reasoning = (ms: number, text: string): StreamFrame => ({
    type: 'reasoning',
    generationId: gen,
    id: `${ms}-0`,
    text,
  });
  const answer = (ms: number, text: string): StreamFrame => ({
    type: 'delta',
    generationId: gen,
    id: `${ms}-0`,
    text,
  });

  it('build the thinking apart from the answer, timed by the frame ids from first thought to first answer', () => {
    const thinking = applyFrames(initialStreamState(gen), [
      reasoning(1_700_000_000_000, 'Let me '),
      reasoning(1_700_000_001_500, 'think.'),
    ]);
    expect(thinking).toMatchObject({ reasoning: 'Let me think.', text: '' });
    // Still thinking: the span runs to the newest frame.
    expect(thinkingSpanMs(thinking)).toBe(1_500);
    const answered = applyFrames(thinking, [
      answer(1_700_000_004_000, 'Yes'),
      answer(1_700_000_009_000, '.'),
    ]);
    expect(answered).toMatchObject({ reasoning: 'Let me think.', text: 'Yes.' });
    expect(thinkingSpanMs(answered)).toBe(4_000);
  });

  it('are dropped by a reset, and a replay from the database gives no span (the message has it)', () => {
    const reset = applyFrames(initialStreamState(gen), [
      reasoning(1_700_000_000_000, 'old'),
      { type: 'reset', generationId: gen, id: '1700000000001-0' },
    ]);
    expect(reset.reasoning).toBe('');
    expect(thinkingSpanMs(reset)).toBeUndefined();
    const replayed = applyFrames(initialStreamState(gen), [
      { type: 'reasoning', generationId: gen, id: '0-1', text: 'stored' },
      { type: 'delta', generationId: gen, id: '0-2', text: 'answer' },
    ]);
    expect(replayed.reasoning).toBe('stored');
    expect(thinkingSpanMs(replayed)).toBeUndefined();
  });
});
