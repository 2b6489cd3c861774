'use client';

import { useRef } from 'react';

/** The inline field that names a new folder or renames one: Enter saves, Escape cancels. */
export function FolderNameInput({
  label,
  initial = '',
  onDone,
}: {
  label: string;
  initial?: string;
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
      maxLength={100}
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
      className="input my-0.5 py-1.5"
    />
  );
}
