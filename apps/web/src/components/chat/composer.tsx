'use client';

import { useLayoutEffect, useRef, useState } from 'react';
import { SendIcon, StopIcon } from '../ui/icons';

interface ComposerProps {
  isGenerating: boolean;
  isDisabled: boolean;
  /** Resolves true when sent (the box empties), false to keep the text for another try. */
  onSend: (content: string) => Promise<boolean>;
  onStop: () => void;
  placeholder: string;
}

/** Enter sends, Shift+Enter adds a line; while an answer streams the button stops it (as does Esc). */
export function Composer({ isGenerating, isDisabled, onSend, onStop, placeholder }: ComposerProps) {
  const [value, setValue] = useState('');
  const [isSending, setSending] = useState(false);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const canSend = value.trim().length > 0 && !isSending && !isGenerating && !isDisabled;

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [value]);

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const sent = await onSend(value);
    setSending(false);
    if (sent) setValue('');
    areaRef.current?.focus();
  };

  return (
    <div className="border-t border-border bg-canvas px-3 pb-3 pt-2 sm:px-4">
      <form
        className="mx-auto flex max-w-3xl items-end gap-2 rounded-2xl border border-border bg-raised p-2 shadow-sm focus-within:border-[color:var(--focus)]"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <textarea
          ref={areaRef}
          aria-label="Message"
          placeholder={placeholder}
          rows={1}
          value={value}
          autoFocus
          maxLength={100_000}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              void send();
            }
          }}
          className="max-h-60 min-h-[2.5rem] flex-1 resize-none bg-transparent px-2 py-2 text-[15px] outline-none placeholder:text-muted focus-visible:outline-none"
        />
        {isGenerating ? (
          <button type="button" onClick={onStop} aria-label="Stop generating" title="Stop generating (Esc)" className="button-primary h-10 w-10 rounded-xl p-0">
            <StopIcon />
          </button>
        ) : (
          <button type="submit" disabled={!canSend} aria-label="Send message" title="Send (Enter)" className="button-primary h-10 w-10 rounded-xl p-0">
            <SendIcon />
          </button>
        )}
      </form>
      <p className="mx-auto mt-1.5 hidden max-w-3xl text-center text-xs text-muted sm:block">
        Enter to send · Shift+Enter for a new line · Esc to stop
      </p>
    </div>
  );
}
