import { describe, expect, it } from 'vitest';
import { formatSseFrame } from './sse-format';

describe('formatSseFrame', () => {
  it('writes id, event and one data line (newlines in text stay escaped inside the JSON)', () => {
    const frame = { type: 'delta' as const, generationId: 'gen_x', id: '17-0', text: 'a\nb' };
    expect(formatSseFrame(frame)).toBe(`id: 17-0\nevent: delta\ndata: ${JSON.stringify(frame)}\n\n`);
    expect(
      formatSseFrame(frame)
        .split('\n')
        .filter((line) => line.startsWith('data:')),
    ).toHaveLength(1);
  });
});
