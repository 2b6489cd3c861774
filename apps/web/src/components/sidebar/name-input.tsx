'use client';

import { useRef } from 'react';

/**
 * The inline field that names something in the sidebar (a new folder, a folder, a chat): Enter or
 * leaving saves, Escape cancels. `onDone` gets the trimmed name, or null when nothing changes.
 */
export function NameInput({
  label,
  initial = '',
  maxLength = 100,
  className = 'input my-0.5 py-1.5',
  onDone,
}: {
  label: string;
  initial?: string;
  maxLength?: number;
  className?: string;
  onDone: (name: string | null) => void;
}) {
  // Enter, then the blur of the field going away: answer once.
  const isDone = useRef(false);
  const finish = (input: HTMLInputElement, save: boolean) => {
    if (isDone.current) return;
    isDone.current = true;
    const name = input.value.trim();
    onDone(save && name && name !== initial ? name : null);
  };
  return (
    <input
      aria-label={label}
      defaultValue={initial}
      maxLength={maxLength}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onKeyDown={(event) => {
        if (event.key === 'Enter') finish(event.currentTarget, true);
        if (event.key === 'Escape') {
          event.stopPropagation();
          finish(event.currentTarget, false);
        }
      }}
      onBlur={(event) => finish(event.currentTarget, true)}
      className={className}
    />
  );
}
