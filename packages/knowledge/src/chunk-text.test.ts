import { describe, expect, it } from 'vitest';
import { chunkText } from './chunk-text';

describe('chunkText', () => {
  it('keeps each heading with the paragraphs under it', () => {
    const chunks = chunkText('# Leave\n\nStaff get 30 days.\n\n# Travel\n\nBook trains early.\n');
    expect(chunks).toEqual([
      { heading: 'Leave', content: 'Staff get 30 days.' },
      { heading: 'Travel', content: 'Book trains early.' },
    ]);
  });

  it('packs short paragraphs together up to the limit', () => {
    const chunks = chunkText('One.\n\nTwo.\n\nThree.', { maxChars: 100 });
    expect(chunks).toEqual([{ heading: null, content: 'One.\n\nTwo.\n\nThree.' }]);
  });

  it('repeats the end of a passage at the start of the next (overlap) and never exceeds the limit', () => {
    const paragraphs = Array.from(
      { length: 12 },
      (_, index) => `Paragraph ${index} says something useful here.`,
    );
    const chunks = chunkText(paragraphs.join('\n\n'), { maxChars: 200, overlapChars: 40 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.content.length).toBeLessThanOrEqual(200);
    for (let index = 1; index < chunks.length; index += 1) {
      const previousEnd = chunks[index - 1]!.content.slice(-20);
      expect(chunks[index]!.content).toContain(previousEnd);
    }
    // Every paragraph is somewhere.
    for (const paragraph of paragraphs)
      expect(chunks.some((chunk) => chunk.content.includes(paragraph))).toBe(true);
  });

  it('cuts one very long paragraph at sentence ends', () => {
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    const chunks = chunkText(sentence.repeat(80), { maxChars: 300, overlapChars: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(300);
      expect(chunk.content.endsWith('.')).toBe(true);
    }
  });

  it('gives an empty or blank document no chunks', () => {
    expect(chunkText('  \n\n ')).toEqual([]);
  });
});
