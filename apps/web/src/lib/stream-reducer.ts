import type { CitationEntry, StreamFrame, Usage } from '@vivier/contracts';

export type StreamStatus = 'streaming' | 'done' | 'error' | 'cancelled';

/** A tool the model called while writing this answer, with its result once it has one. */
export interface ToolActivity {
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
  /** The chat asks before tools run: the call waits for the user's yes or no. */
  needsApproval: boolean;
  result?: { content: string; isError: boolean };
}

/** A numbered source the answer may cite ([1], [2]…). */
/** What the browser knows about one generation, built only from its frames. */
export interface StreamState {
  generationId: string;
  text: string;
  /** The model's thinking so far (`reasoning` frames), kept apart from the answer. */
  reasoning: string;
  /** The first reasoning frame, and the first answer frame after thinking began (thinking's span). */
  reasoningStartId?: string;
  reasoningEndId?: string;
  status: StreamStatus;
  /** The id of the last frame applied: passed back as `after` when resubscribing. */
  lastFrameId: string | null;
  messageId?: string;
  usage?: Usage;
  costMicros?: number;
  error?: { code: string; message: string };
  tools: ToolActivity[];
  /** Numbered sources the answer may cite as [n] (knowledge bases, web search), in index order. */
  citations: CitationEntry[];
}

export function initialStreamState(generationId: string): StreamState {
  return {
    generationId,
    text: '',
    reasoning: '',
    status: 'streaming',
    lastFrameId: null,
    tools: [],
    citations: [],
  };
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
function withCitation(citations: CitationEntry[], entry: CitationEntry): CitationEntry[] {
  const others = citations.filter((citation) => citation.index !== entry.index);
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
      return {
        ...state,
        lastFrameId,
        text: state.text + frame.text,
        ...(state.reasoningStartId && !state.reasoningEndId ? { reasoningEndId: frame.id } : {}),
      };
    case 'reasoning':
      return {
        ...state,
        lastFrameId,
        reasoning: state.reasoning + frame.text,
        reasoningStartId: state.reasoningStartId ?? frame.id,
        // Thinking that resumes after answer text extends the span again.
        reasoningEndId: undefined,
      };
    case 'reset':
      return {
        ...state,
        lastFrameId,
        text: '',
        reasoning: '',
        reasoningStartId: undefined,
        reasoningEndId: undefined,
        tools: [],
        citations: [],
      };
    case 'tool_call':
      return {
        ...state,
        lastFrameId,
        tools: [
          ...state.tools,
          {
            callId: frame.callId,
            name: frame.name,
            arguments: frame.arguments,
            needsApproval: frame.needsApproval ?? false,
          },
        ],
      };
    case 'tool_result':
      return {
        ...state,
        lastFrameId,
        tools: state.tools.map((tool) =>
          tool.callId === frame.callId
            ? { ...tool, result: { content: frame.content, isError: frame.isError } }
            : tool,
        ),
      };
    case 'citation':
      return {
        ...state,
        lastFrameId,
        citations: withCitation(state.citations, frame),
      };
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

/**
 * How long the model has thought, read from the frames' ids: Redis stream ids start with the
 * millisecond the worker wrote them, so the span survives a reload and a replay (where the
 * browser's own clock would see every frame at once). Until the answer starts it runs to
 * `lastFrameId`. Undefined for ids that carry no time (a replay from the database, whose message
 * brings its stored `reasoningMs` instead).
 */
export function thinkingSpanMs(state: StreamState): number | undefined {
  const start = frameTimeMs(state.reasoningStartId);
  const end = frameTimeMs(state.reasoningEndId ?? state.lastFrameId ?? undefined);
  return start === undefined || end === undefined ? undefined : Math.max(0, end - start);
}

function frameTimeMs(id: string | undefined): number | undefined {
  const match = id === undefined ? null : REDIS_ID.exec(id);
  const time = match ? Number(match[1]) : 0;
  // Ids such as `0-1` (a replay built from the database) carry no time.
  return time > 0 ? time : undefined;
}

/** Applies frames in order (a replay, or a batch received in one tick). */
export function applyFrames(state: StreamState, frames: readonly StreamFrame[]): StreamState {
  return frames.reduce((next, frame) => applyFrame(next, frame), state);
}
