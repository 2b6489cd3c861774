import type { CitationEntry, StreamFrame, Usage } from '@vivier/contracts';

export type StreamStatus = 'streaming' | 'done' | 'error' | 'cancelled';

/** What the browser knows about one generation, built only from its frames. */
export interface StreamState {
  generationId: string;
  text: string;
  status: StreamStatus;
  /** The id of the last frame applied: passed back as `after` when resubscribing. */
  lastFrameId: string | null;
  messageId?: string;
  usage?: Usage;
  costMicros?: number;
  error?: { code: string; message: string };
  /** Numbered sources the answer may cite as [n] (knowledge bases), in index order. */
  citations?: CitationEntry[];
}

export function initialStreamState(generationId: string): StreamState {
  return { generationId, text: '', status: 'streaming', lastFrameId: null };
}

export function isTerminalStatus(status: StreamStatus): boolean {
  return status !== 'streaming';
}

const REDIS_ID = /^(\d+)-(\d+)$/;

/**
 * Orders frame ids. They are opaque and increasing; today they are Redis stream ids
 * (`<ms>-<seq>`), which must be compared as number pairs, not as strings ("9-0" < "10-0").
 */
export function compareFrameIds(a: string, b: string): number {
  const left = REDIS_ID.exec(a);
  const right = REDIS_ID.exec(b);
  if (left && right) {
    const byTime = Number(left[1]) - Number(right[1]);
    return byTime !== 0 ? Math.sign(byTime) : Math.sign(Number(left[2]) - Number(right[2]));
  }
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The relay's refusal of a subscription (unknown generation) carries this id. */
const REFUSAL_ID = '0-0';

/** Adds source `index` (replacing a repeat of the same index), keeping the list in index order. */
function withCitation(citations: CitationEntry[] | undefined, entry: CitationEntry): CitationEntry[] {
  const others = (citations ?? []).filter((citation) => citation.index !== entry.index);
  return [...others, { index: entry.index, source: entry.source }].sort((a, b) => a.index - b.index);
}

/**
 * Applies one frame. Returns the same object when the frame changes nothing: a frame already
 * seen (a resubscription may overlap), a frame of another generation, or anything after the
 * terminal frame. A `reset` (a worker took over) discards the text received so far.
 */
export function applyFrame(state: StreamState, frame: StreamFrame): StreamState {
  if (frame.generationId !== state.generationId) return state;
  if (isTerminalStatus(state.status)) return state;
  const isRefusal = frame.type === 'error' && frame.id === REFUSAL_ID;
  if (!isRefusal && state.lastFrameId !== null && compareFrameIds(frame.id, state.lastFrameId) <= 0)
    return state;
  const lastFrameId = isRefusal ? state.lastFrameId : frame.id;
  switch (frame.type) {
    case 'delta':
      return { ...state, lastFrameId, text: state.text + frame.text };
    case 'reset':
      return { ...state, lastFrameId, text: '', citations: undefined };
    case 'citation':
      return { ...state, lastFrameId, citations: withCitation(state.citations, frame) };
    case 'done':
      return {
        ...state,
        lastFrameId,
        status: 'done',
        messageId: frame.messageId,
        usage: frame.usage,
        costMicros: frame.costMicros,
      };
    case 'cancelled':
      return { ...state, lastFrameId, status: 'cancelled' };
    case 'error':
      return { ...state, lastFrameId, status: 'error', error: { code: frame.code, message: frame.message } };
  }
}

/** Applies frames in order (a replay, or a batch received in one tick). */
export function applyFrames(state: StreamState, frames: readonly StreamFrame[]): StreamState {
  return frames.reduce(applyFrame, state);
}
