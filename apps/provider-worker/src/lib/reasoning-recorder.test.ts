import { describe, expect, it } from 'vitest';
import { createReasoningRecorder } from './reasoning-recorder';

function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('createReasoningRecorder', () => {
  it('writes thinking as it comes and times it from the first delta to the answer', async () => {
    const written: string[] = [];
    const time = clock();
    const recorder = createReasoningRecorder({
      write: async (text) => void written.push(text),
      now: time.now,
    });
    time.advance(500); // time to first token is not thinking the user saw
    recorder.push('Let me ');
    time.advance(1_200);
    recorder.push('think.');
    time.advance(300);
    recorder.markAnswer();
    time.advance(5_000);
    recorder.markAnswer(); // later answer events change nothing
    await recorder.flush();
    expect(written.join('')).toBe('Let me think.');
    expect(recorder.recorded()).toEqual({ reasoning: 'Let me think.', reasoningMs: 1_500 });
  });

  it('records nothing when the model did not think', async () => {
    const recorder = createReasoningRecorder({ write: async () => undefined });
    recorder.markAnswer();
    recorder.push('');
    await recorder.flush();
    expect(recorder.recorded()).toBeUndefined();
  });

  it('extends the span when thinking resumes after answer text', () => {
    const time = clock();
    const recorder = createReasoningRecorder({ write: async () => undefined, now: time.now });
    recorder.push('a');
    time.advance(100);
    recorder.markAnswer();
    time.advance(100);
    recorder.push('b');
    time.advance(100);
    recorder.markAnswer();
    expect(recorder.recorded()).toEqual({ reasoning: 'ab', reasoningMs: 300 });
  });
});
