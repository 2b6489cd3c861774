'use client';

import type { Prompt } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { presetsApi, promptsQueryKey } from '../../lib/presets-api';
import {
  fillPromptVariables,
  filterPrompts,
  parsePromptVariables,
  slashQueryOf,
} from '../../lib/prompt-variables';

/**
 * The composer's `/` list: while the draft is a lone `/word`, the library's prompts matching it
 * (arrows move, Enter picks, Escape closes). A prompt with `{{variables}}` asks for them first.
 * The library loads only once a draft starts with `/`.
 */
export function usePromptPicker(draft: string, insert: (text: string) => void) {
  const t = useTranslations('chat.prompts');
  const query = slashQueryOf(draft);
  const prompts = useQuery({
    queryKey: promptsQueryKey,
    queryFn: () => presetsApi.prompts.list(),
    enabled: query !== null,
    staleTime: 60_000,
  });
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [asking, setAsking] = useState<Prompt | null>(null);
  const matches = query === null ? [] : filterPrompts(prompts.data ?? [], query);
  const isOpen = query !== null && dismissed !== draft && matches.length > 0 && !asking;

  useEffect(() => setActive(0), [query]);

  const choose = (prompt: Prompt) => {
    if (parsePromptVariables(prompt.content).length) setAsking(prompt);
    else insert(prompt.content);
  };

  /** True when the key was the list's (the composer must not also act on it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!isOpen) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + matches.length) % matches.length);
    } else if (event.key === 'Enter' && !event.shiftKey) {
      choose(matches[Math.min(active, matches.length - 1)]!);
    } else if (event.key === 'Escape') {
      setDismissed(draft);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  const menu = isOpen ? (
    <ul
      role="listbox"
      id="prompt-picker"
      aria-label={t('list')}
      className="max-h-56 overflow-y-auto rounded-xl border border-border bg-canvas p-1 text-sm shadow-sm"
    >
      {matches.map((prompt, index) => (
        <li
          key={prompt.id}
          id={`prompt-option-${prompt.id}`}
          role="option"
          aria-selected={index === active}
          className={`cursor-pointer rounded-lg px-2 py-1.5 ${index === active ? 'bg-surface' : ''}`}
          onMouseDown={(event) => {
            // Keep the focus in the box.
            event.preventDefault();
            choose(prompt);
          }}
        >
          <span className="font-mono text-muted">{`/${prompt.command}`}</span> {prompt.title}
        </li>
      ))}
    </ul>
  ) : asking ? (
    <PromptVariablesForm
      prompt={asking}
      onCancel={() => setAsking(null)}
      onInsert={(text) => {
        setAsking(null);
        insert(text);
      }}
    />
  ) : null;

  return {
    menu,
    onKeyDown,
    activeOptionId: isOpen && matches[active] ? `prompt-option-${matches[active].id}` : undefined,
    isOpen,
  };
}

/** One field per variable; Insert puts the filled-in prompt into the message box. */
function PromptVariablesForm({
  prompt,
  onInsert,
  onCancel,
}: {
  prompt: Prompt;
  onInsert: (text: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations('chat.prompts');
  const names = parsePromptVariables(prompt.content);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(names.map((name) => [name, ''])),
  );
  return (
    <div
      role="group"
      aria-label={t('fillIn', { title: prompt.title })}
      className="grid gap-2 rounded-xl border border-border bg-canvas p-2 text-sm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      {names.map((name, index) => (
        <label key={name} className="grid gap-0.5">
          <span className="text-xs text-muted">{name}</span>
          <input
            className="input"
            value={values[name] ?? ''}
            autoFocus={index === 0}
            onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                onInsert(fillPromptVariables(prompt.content, values));
              }
            }}
          />
        </label>
      ))}
      <div className="flex gap-2">
        <button
          type="button"
          className="button-primary"
          onClick={() => onInsert(fillPromptVariables(prompt.content, values))}
        >
          {t('insert')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
