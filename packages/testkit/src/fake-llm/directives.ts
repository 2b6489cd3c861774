/**
 * Directives let a test (or a person typing in the real UI) steer the fake from inside the prompt,
 * where a request header cannot reach: `[[words:600]]`, `[[delay:50]]`, `[[fault:429-once]]`,
 * `[[echo]]`.
 */
export const FAKE_FAULTS = [
  '429',
  '429-once',
  '500',
  '500-once',
  '401',
  'hang',
  'drop',
  'stall',
  'reasoning',
  'reasoning-field',
  'context-length',
  'content-filter',
] as const;
export type FakeFault = (typeof FAKE_FAULTS)[number];

export interface Directives {
  words?: number;
  delayMs?: number;
  /** Characters per streamed piece (the words re-cut into equal pieces), e.g. 16 for the benchmark. */
  pieceChars?: number;
  /** Milliseconds between the role chunk and the first content piece (default: none). */
  leadMs?: number;
  fault?: FakeFault;
  /** `[[think:N]]`: N words of reasoning before the answer, in the API's own thinking format. */
  thinkWords?: number;
  echo: boolean;
}

const DIRECTIVE_PATTERN = /\[\[\s*([a-z-]+)\s*(?::\s*([^\]]*?))?\s*\]\]/gi;

/** Upper bound so a typo like `[[words:99999999]]` cannot tie the fake up for hours. */
const MAX_WORDS = 20_000;
export const LONG_ESSAY_WORDS = 600;

export function isFakeFault(value: string): value is FakeFault {
  return (FAKE_FAULTS as readonly string[]).includes(value);
}

export function parseDirectives(text: string): Directives {
  const directives: Directives = { echo: false };
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) {
    const name = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (name === 'echo') directives.echo = true;
    if (name === 'words') {
      const words = Number.parseInt(value, 10);
      if (Number.isFinite(words) && words > 0) directives.words = Math.min(words, MAX_WORDS);
    }
    if (name === 'delay') {
      const delay = Number.parseInt(value, 10);
      if (Number.isFinite(delay) && delay >= 0) directives.delayMs = Math.min(delay, 10_000);
    }
    if (name === 'size') {
      const size = Number.parseInt(value, 10);
      if (Number.isFinite(size) && size > 0) directives.pieceChars = Math.min(size, 4096);
    }
    if (name === 'lead') {
      const lead = Number.parseInt(value, 10);
      if (Number.isFinite(lead) && lead >= 0) directives.leadMs = Math.min(lead, 10_000);
    }
    if (name === 'think') {
      const words = Number.parseInt(value, 10);
      if (Number.isFinite(words) && words > 0) directives.thinkWords = Math.min(words, MAX_WORDS);
    }
    if (name === 'fault' && isFakeFault(value.toLowerCase())) {
      directives.fault = value.toLowerCase() as FakeFault;
    }
  }
  if (directives.words === undefined && /long essay/i.test(text)) directives.words = LONG_ESSAY_WORDS;
  return directives;
}

/** The prompt the reply is derived from: directives do not change the answer's words. */
export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE_PATTERN, '').replace(/\s+/g, ' ').trim();
}
