import { parseDirectives, stripDirectives } from './directives';

export const DEFAULT_REPLY_WORDS = 40;
const REASONING_WORDS = 12;
/** Words the demo thinking model thinks per effort (no effort said: medium). */
const LOW_THINKING_WORDS = 8;
const MEDIUM_THINKING_WORDS = 16;
const HIGH_THINKING_WORDS = 32;
const THINKING_MODEL_WORDS: Record<string, number> = {
  low: LOW_THINKING_WORDS,
  medium: MEDIUM_THINKING_WORDS,
  high: HIGH_THINKING_WORDS,
};

// A small, plain vocabulary: replies read as (nonsense) prose and survive Markdown rendering.
const VOCABULARY = [
  'the',
  'a',
  'model',
  'answer',
  'river',
  'stone',
  'light',
  'window',
  'garden',
  'quiet',
  'bright',
  'signal',
  'stream',
  'token',
  'morning',
  'winter',
  'harbor',
  'paper',
  'lantern',
  'forest',
  'simple',
  'careful',
  'gentle',
  'rapid',
  'steady',
  'open',
  'hidden',
  'golden',
  'silver',
  'distant',
  'builds',
  'carries',
  'finds',
  'keeps',
  'turns',
  'holds',
  'brings',
  'follows',
  'shapes',
  'writes',
  'and',
  'with',
  'under',
  'over',
  'across',
  'beside',
  'through',
  'before',
  'after',
  'because',
  'every',
  'small',
  'large',
  'early',
  'late',
  'warm',
  'cold',
  'clear',
  'soft',
  'sharp',
  'bridge',
  'mountain',
  'valley',
  'orchard',
  'city',
  'market',
  'library',
  'engine',
  'compass',
  'harvest',
  'remembers',
  'answers',
  'measures',
  'gathers',
  'opens',
  'closes',
  'lifts',
  'settles',
  'crosses',
  'waits',
  'quickly',
  'slowly',
  'often',
  'rarely',
  'always',
  'again',
  'together',
  'alone',
  'almost',
  'nearly',
  'story',
  'question',
  'number',
  'pattern',
  'letter',
  'voice',
  'circle',
  'meadow',
  'island',
  'season',
];

/** FNV-1a: tiny, stable across Node versions, good enough to seed a word generator. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a seeded PRNG so the same prompt always yields the same words. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` pieces (one per output token): the first word capitalised, then " word" pieces, with a
 * full stop every 6–14 words and at the end, so `pieces.join('')` is the whole reply.
 */
function generatePieces(seedText: string, count: number): string[] {
  const random = createRandom(hashText(seedText));
  const pieces: string[] = [];
  let sentenceLength = 0;
  let sentenceTarget = 6 + Math.floor(random() * 9);
  for (let index = 0; index < count; index += 1) {
    let word = VOCABULARY[Math.floor(random() * VOCABULARY.length)] ?? 'word';
    if (sentenceLength === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    sentenceLength += 1;
    const isLast = index === count - 1;
    if (sentenceLength >= sentenceTarget || isLast) {
      word += '.';
      sentenceLength = 0;
      sentenceTarget = 6 + Math.floor(random() * 9);
    }
    pieces.push(index === 0 ? word : ` ${word}`);
  }
  return pieces;
}

/** Splits text into small pieces so an echoed JSON document still streams token by token. */
export function splitIntoPieces(text: string, size = 12): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

/**
 * The same number of pieces, each exactly `size` characters: the text repeated as needed and cut
 * again (the benchmark's fixed reply shape, e.g. 64 pieces of 16 bytes).
 */
export function resizePieces(pieces: string[], size: number): string[] {
  const text = pieces.join('') || 'x';
  const wanted = pieces.length * size;
  const long = text.repeat(Math.ceil(wanted / text.length)).slice(0, wanted);
  return splitIntoPieces(long, size);
}

/** How many words the fake answers `prompt` with (directives and "long essay" included). */
export function replyWordCount(prompt: string, defaultWords = DEFAULT_REPLY_WORDS): number {
  return parseDirectives(prompt).words ?? defaultWords;
}

/** The answer pieces for a last user message, exactly as the fake LLM streams them. */
export function fakeReplyPieces(prompt: string, defaultWords = DEFAULT_REPLY_WORDS): string[] {
  return generatePieces(stripDirectives(prompt), replyWordCount(prompt, defaultWords));
}

/** The full answer text the fake LLM gives to `prompt` (its last user message). */
export function fakeReply(prompt: string, defaultWords = DEFAULT_REPLY_WORDS): string {
  return fakeReplyPieces(prompt, defaultWords).join('');
}

/**
 * The "thinking" the fake emits before its answer: `[[think:N]]` words, else 12 under the
 * `reasoning` fault (or `words` when given, as the demo thinking model does per effort).
 */
export function fakeReasoningPieces(prompt: string, words?: number): string[] {
  const count = parseDirectives(prompt).thinkWords ?? words ?? REASONING_WORDS;
  return generatePieces(`reasoning:${stripDirectives(prompt)}`, count);
}

export function fakeReasoning(prompt: string, words?: number): string {
  return fakeReasoningPieces(prompt, words).join('');
}

/**
 * How many words a model thinks without a directive: models named `…thinking…` (the offline demo's
 * thinking model) think unless the request turned thinking off, longer for a higher effort.
 */
export function thinkingModelWords(model: string, thinking: string | null): number {
  if (!/thinking/.test(model) || thinking === 'off') return 0;
  const budget = /^budget:(\d+)$/.exec(thinking ?? '');
  if (!budget) return THINKING_MODEL_WORDS[thinking ?? 'medium'] ?? MEDIUM_THINKING_WORDS;
  const tokens = Number(budget[1]);
  if (tokens <= 2_048) return LOW_THINKING_WORDS;
  return tokens <= 8_192 ? MEDIUM_THINKING_WORDS : HIGH_THINKING_WORDS;
}
