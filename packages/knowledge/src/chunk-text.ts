/** One passage of a document: the heading it sits under (if any) and its text. */
export interface TextChunk {
  heading: string | null;
  content: string;
}

export interface ChunkOptions {
  /** Longest passage, in characters (~300 tokens at 1 200). */
  maxChars?: number;
  /** Characters of the previous passage repeated at the start of the next one in the same section. */
  overlapChars?: number;
}

const DEFAULT_MAX_CHARS = 1_200;
const DEFAULT_OVERLAP_CHARS = 200;

interface Section {
  heading: string | null;
  paragraphs: string[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Markdown ATX headings open sections; blank lines separate paragraphs. */
function splitSections(text: string): Section[] {
  const sections: Section[] = [{ heading: null, paragraphs: [] }];
  let paragraph: string[] = [];
  const flush = () => {
    const joined = paragraph.join('\n').trim();
    if (joined) sections.at(-1)!.paragraphs.push(joined);
    paragraph = [];
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      sections.push({ heading: heading[2]!.trim(), paragraphs: [] });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return sections.filter((section) => section.paragraphs.length > 0);
}

/** A paragraph longer than a passage is cut at sentence ends, else at spaces, else hard. */
function splitLong(paragraph: string, maxChars: number): string[] {
  if (paragraph.length <= maxChars) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > maxChars) {
      pieces.push(current.trim());
      current = '';
    }
    if (sentence.length > maxChars) {
      for (let start = 0; start < sentence.length; start += maxChars) {
        pieces.push(sentence.slice(start, start + maxChars).trim());
      }
    } else {
      current += sentence;
    }
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces.filter(Boolean);
}

/** The end of a passage to repeat, starting at a word boundary. */
function tailOf(text: string, chars: number): string {
  if (chars <= 0 || text.length <= chars) return chars <= 0 ? '' : text;
  const tail = text.slice(-chars);
  const space = tail.indexOf(' ');
  return space === -1 ? tail : tail.slice(space + 1);
}

/**
 * Cuts a document into passages by its structure: sections by heading, paragraphs packed together
 * up to `maxChars`, with the end of one passage repeated at the start of the next in the same
 * section so a sentence cut at a boundary is still found whole.
 */
export function chunkText(text: string, options: ChunkOptions = {}): TextChunk[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const overlapChars = Math.min(options.overlapChars ?? DEFAULT_OVERLAP_CHARS, Math.floor(maxChars / 2));
  const chunks: TextChunk[] = [];
  for (const section of splitSections(text)) {
    let current = '';
    const pieces = section.paragraphs.flatMap((paragraph) => splitLong(paragraph, maxChars - overlapChars));
    for (const piece of pieces) {
      if (current && current.length + piece.length + 2 > maxChars) {
        chunks.push({ heading: section.heading, content: current });
        const overlap = tailOf(current, overlapChars);
        current = overlap ? `${overlap}\n\n${piece}` : piece;
      } else {
        current = current ? `${current}\n\n${piece}` : piece;
      }
    }
    if (current) chunks.push({ heading: section.heading, content: current });
  }
  return chunks;
}
