'use client';

import type { ChatSettings, ReasoningEffort } from '@vivier/contracts';
import { useTranslations } from 'next-intl';

const EFFORT_CHOICES = [
  { value: '', labelKey: 'default' },
  { value: 'off', labelKey: 'off' },
  { value: 'low', labelKey: 'low' },
  { value: 'medium', labelKey: 'medium' },
  { value: 'high', labelKey: 'high' },
] as const satisfies ReadonlyArray<{ value: ReasoningEffort | ''; labelKey: string }>;

/** The settings with this effort (`''` takes the choice away: the provider's default). */
export function withReasoningEffort(settings: ChatSettings, effort: ReasoningEffort | ''): ChatSettings {
  const { reasoningEffort: _previous, ...rest } = settings;
  return effort === '' ? rest : { ...rest, reasoningEffort: effort };
}

/**
 * The reasoning-effort choice (chat settings, presets and, `compact`, beside the model picker),
 * shown only for a model that can think. `''` is "say nothing": the provider's default.
 */
export function ReasoningEffortSelect({
  id,
  value,
  onChange,
  compact = false,
  disabled,
}: {
  id: string;
  value: ReasoningEffort | '';
  onChange: (value: ReasoningEffort | '') => void;
  /** Beside the model picker: the label is read, not shown, and the hint is the title. */
  compact?: boolean;
  disabled?: boolean;
}) {
  const t = useTranslations('chat.effort');
  return (
    <div className={compact ? 'shrink-0' : undefined}>
      <label htmlFor={id} className={compact ? 'sr-only' : 'label'}>
        {t('label')}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        title={compact ? t('label') : undefined}
        onChange={(event) => onChange(event.target.value as ReasoningEffort | '')}
        aria-describedby={`${id}-hint`}
        className={
          compact
            ? 'w-[5.5rem] truncate rounded-lg border border-border bg-canvas px-2 py-1.5 text-sm sm:w-auto sm:max-w-[9rem]'
            : 'input'
        }
      >
        {EFFORT_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {compact ? t(`short.${choice.labelKey}`) : t(choice.labelKey)}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className={compact ? 'sr-only' : 'mt-1 text-xs text-muted'}>
        {t('hint')}
      </p>
    </div>
  );
}
