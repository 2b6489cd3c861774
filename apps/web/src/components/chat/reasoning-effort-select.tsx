'use client';

import type { ReasoningEffort } from '@vivier/contracts';

const EFFORT_CHOICES: Array<{ value: ReasoningEffort | ''; label: string }> = [
  { value: '', label: 'Model default' },
  { value: 'off', label: 'Off (no thinking where the model allows)' },
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
];

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
  return (
    <div>
      <label htmlFor={id} className="label">
        Reasoning effort
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
            {choice.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
        How long the model thinks before it answers. More thinking costs more tokens.
      </p>
    </div>
  );
}
