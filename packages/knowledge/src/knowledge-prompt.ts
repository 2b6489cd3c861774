import type { CitationEntry } from '@vivier/contracts';
import type { ChunkHit } from './search-chunks';

/** Characters of a passage a citation carries for the UI's popover. */
const CITATION_EXCERPT_CHARS = 1_000;

export interface KnowledgePrompt {
  /** Appended to the system prompt: the numbered sources and how to cite them. */
  instruction: string;
  /** Source [n] of the instruction, in order, as the citation frames send them. */
  citations: CitationEntry[];
}

const INSTRUCTION =
  'Answer from the numbered sources below when they are relevant to the question. Cite every ' +
  'source you use with its number in square brackets, like [1] or [2], right after the statement ' +
  'it supports. If the sources do not contain the answer, say so rather than guessing.';

/**
 * Puts the best passages into a block the model reads, numbered from 1, until `budgetChars` is
 * spent (best first, so a small context window keeps the best sources). The same numbering goes
 * out as citation frames, so `[2]` in the answer opens source 2.
 */
export function buildKnowledgePrompt(hits: readonly ChunkHit[], budgetChars: number): KnowledgePrompt | null {
  const blocks: string[] = [];
  const citations: CitationEntry[] = [];
  let used = INSTRUCTION.length;
  for (const hit of hits) {
    const index = citations.length + 1;
    const title = hit.heading ? `${hit.fileName} — ${hit.heading}` : hit.fileName;
    const block = `[${index}] ${title}\n${hit.content}`;
    if (used + block.length + 2 > budgetChars) break;
    used += block.length + 2;
    blocks.push(block);
    citations.push({
      index,
      source: { fileId: hit.fileId, title, excerpt: hit.content.slice(0, CITATION_EXCERPT_CHARS) },
    });
  }
  if (citations.length === 0) return null;
  return { instruction: `${INSTRUCTION}\n\n${blocks.join('\n\n')}`, citations };
}
