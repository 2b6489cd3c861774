import { createDeltaBatcher } from './delta-batcher';

/** What a generation thought, for the assistant message's row. */
interface RecordedReasoning {
  reasoning: string;
  /** From the first reasoning delta to the event that ended the thinking (answer text or the end). */
  reasoningMs: number;
}

export interface ReasoningRecorder {
  /** A reasoning delta: kept, and written as a `reasoning` frame (batched like answer deltas). */
  push(text: string): void;
  /** Any other provider event: thinking, if it had started, is over. */
  markAnswer(): void;
  /** Resolves once every reasoning frame is written; rejects with the first write failure. */
  flush(): Promise<void>;
  /** No reasoning frame being written or waiting to be (the usual case: the model is not thinking). */
  readonly isIdle: boolean;
  /** Undefined when the model did not think (or its provider does not show it). */
  recorded(): RecordedReasoning | undefined;
}

/**
 * The reasoning side of a generation, kept out of the answer's path: its own batcher (so thinking
 * frames never hold on a timer either) and the timing for "Thought for N s".
 */
export function createReasoningRecorder(options: {
  write: (text: string) => Promise<unknown>;
  onWriteError?: (error: unknown) => void;
  now?: () => number;
}): ReasoningRecorder {
  const now = options.now ?? (() => performance.now());
  const batcher = createDeltaBatcher({ write: options.write, onWriteError: options.onWriteError });
  let reasoning = '';
  let startedAt: number | undefined;
  let endedAt: number | undefined;

  return {
    push(text) {
      if (text.length === 0) return;
      const at = now();
      startedAt ??= at;
      // Thinking that resumes after answer text (interleaved) extends the span.
      endedAt = undefined;
      reasoning += text;
      batcher.push(text);
    },
    markAnswer() {
      if (startedAt !== undefined && endedAt === undefined) endedAt = now();
    },
    flush: () => batcher.flush(),
    get isIdle() {
      return batcher.isIdle;
    },
    recorded() {
      if (startedAt === undefined || reasoning.length === 0) return undefined;
      return { reasoning, reasoningMs: Math.max(0, Math.round((endedAt ?? now()) - startedAt)) };
    },
  };
}
