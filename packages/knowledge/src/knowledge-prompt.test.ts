import { describe, expect, it } from 'vitest';
import { buildKnowledgePrompt } from './knowledge-prompt';
import type { ChunkHit } from './search-chunks';

const hit = (fileId: string, content: string, heading: string | null = null): ChunkHit => ({
  chunkId: `kch_${fileId}`,
  knowledgeBaseId: 'kbs_1',
  fileId,
  fileName: `${fileId}.md`,
  heading,
  content,
  score: 0.1,
});

describe('buildKnowledgePrompt', () => {
  it('numbers the sources from 1 and tells the model to cite them', () => {
    const prompt = buildKnowledgePrompt(
      [hit('a', 'Thirty days.', 'Vacation'), hit('b', 'Fourteen days.')],
      10_000,
    )!;
    expect(prompt.instruction).toContain('[1] a.md — Vacation\nThirty days.');
    expect(prompt.instruction).toContain('[2] b.md\nFourteen days.');
    expect(prompt.instruction).toMatch(/like \[1\] or \[2\]/);
    expect(prompt.citations).toEqual([
      { index: 1, source: { fileId: 'a', title: 'a.md — Vacation', excerpt: 'Thirty days.' } },
      { index: 2, source: { fileId: 'b', title: 'b.md', excerpt: 'Fourteen days.' } },
    ]);
  });

  it('keeps the best sources within the budget and none when nothing fits', () => {
    const hits = [hit('a', 'x'.repeat(300)), hit('b', 'y'.repeat(300)), hit('c', 'z'.repeat(300))];
    const prompt = buildKnowledgePrompt(hits, 1_000)!;
    expect(prompt.citations.map((citation) => citation.source.fileId)).toEqual(['a', 'b']);
    expect(prompt.instruction.length).toBeLessThanOrEqual(1_000);
    expect(buildKnowledgePrompt(hits, 100)).toBeNull();
    expect(buildKnowledgePrompt([], 10_000)).toBeNull();
  });
});
