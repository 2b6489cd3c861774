'use client';

import type { ReasoningEffort } from '@vivier/contracts';
import { useTranslations } from 'next-intl';

const EFFORT_CHOICES = [
  { value: '', labelKey: 'default' },
  { value: 'off', labelKey: 'off' },
  { value: 'low', labelKey: 'low' },
  { value: 'medium', labelKey: 'medium' },
  { value: 'high', labelKey: 'high' },
] as const satisfies ReadonlyArray<{ value: ReasoningEffort | ''; labelKey: string }>;

/**
 * The reasoning-effort choice (chat settings and presets), shown only for a model that can think.
 * `''` is "say nothing": the provider's default.
 */
export function ReasoningEffortSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: ReasoningEffort | '';
  onChange: (value: ReasoningEffort | '') => void;
}) {
  const t = useTranslations('chat.effort');
  return (
    <div>
      <label htmlFor={id} className="label">
        {t('label')}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value as ReasoningEffort | '')}
        aria-describedby={`${id}-hint`}
        className="input"
      >
        {EFFORT_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {t(choice.labelKey)}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
        {t('hint')}
      </p>
    </div>
  );
}
