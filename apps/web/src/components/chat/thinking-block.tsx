'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { thoughtDuration } from '../../lib/format';
import { ChevronRightIcon } from '../ui/icons';

interface ThinkingBlockProps {
  reasoning: string;
  /** How long the model thought; undefined while unknown (then only "Thought" is said). */
  durationMs: number | undefined;
  /** The model is still thinking: the block is open and its text streams in. */
  isThinking: boolean;
}

/** "Thought for 2 min 5 s", in the reader's language. */
function useThoughtFor() {
  const t = useTranslations('chat.thinking');
  return (ms: number) => {
    const { minutes, seconds } = thoughtDuration(ms);
    if (minutes === 0) return t('thoughtSeconds', { seconds });
    return seconds ? t('thoughtMinutesSeconds', { minutes, seconds }) : t('thoughtMinutes', { minutes });
  };
}

/**
 * The model's thinking above its answer: open while it thinks, folded once the answer starts
 * (and for stored answers) under "Thought for N s"; the reader can open or close it at any time,
 * and that choice then sticks. Plain text, not Markdown: it is re-rendered per token while it
 * streams, and thinking is scratch work rather than a formatted answer.
 */
export function ThinkingBlock({ reasoning, durationMs, isThinking }: ThinkingBlockProps) {
  const [chosenOpen, setChosenOpen] = useState<boolean | null>(null);
  const isOpen = chosenOpen ?? isThinking;
  const bodyId = useId();
  const thoughtFor = useThoughtFor();
  const t = useTranslations('chat.thinking');
  const label = isThinking ? t('thinking') : durationMs === undefined ? t('thought') : thoughtFor(durationMs);
  return (
    <div className="mb-2">
      <button
        type="button"
        aria-expanded={isOpen}
        aria-controls={bodyId}
        onClick={() => setChosenOpen(!isOpen)}
        className="inline-flex items-center gap-1 rounded-md py-0.5 pr-2 text-sm text-muted hover:text-fg focus-visible:outline focus-visible:outline-2"
      >
        <ChevronRightIcon
          width={14}
          height={14}
          aria-hidden="true"
          className={isOpen ? 'rotate-90 transition-transform' : 'transition-transform'}
        />
        {label}
      </button>
      {/* Kept in the DOM when folded so aria-controls always names an element. */}
      <div
        id={bodyId}
        role="region"
        aria-label={t('region')}
        hidden={!isOpen}
        className="mt-1 max-h-80 overflow-y-auto whitespace-pre-wrap break-words border-l-2 border-border pl-3 text-sm text-muted"
      >
        {reasoning}
      </div>
    </div>
  );
}
