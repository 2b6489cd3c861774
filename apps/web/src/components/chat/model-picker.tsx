'use client';

import type { Model } from '@vivier/contracts';
import { useId } from 'react';
import {
  describeCapabilities,
  describePricing,
  findModel,
  groupModelsByProvider,
  modelKey,
  modelOptionLabel,
} from '../../lib/model-choice';
import { useTranslations } from 'next-intl';
import { useModelWords } from '../../hooks/use-model-words';

interface ModelPickerProps {
  models: Model[];
  provider: string;
  model: string;
  disabled?: boolean;
  onChange: (model: Model) => void;
}

/** A native select (works everywhere, phones included), grouped by provider; details below. */
export function ModelPicker({ models, provider, model, disabled, onChange }: ModelPickerProps) {
  const t = useTranslations('chat');
  const detailsId = useId();
  const selected = findModel(models, provider, model);
  const words = useModelWords();
  const groups = groupModelsByProvider(models, words);
  return (
    <div className="flex min-w-0 flex-col">
      <label className="sr-only" htmlFor={`${detailsId}-select`}>
        {t('model')}
      </label>
      <select
        id={`${detailsId}-select`}
        value={`${provider}/${model}`}
        disabled={disabled || models.length === 0}
        aria-describedby={detailsId}
        onChange={(event) => {
          const next = models.find((candidate) => modelKey(candidate) === event.target.value);
          if (next) onChange(next);
        }}
        className="max-w-[10.5rem] truncate rounded-lg border border-border bg-canvas px-2 py-1.5 text-sm font-medium sm:max-w-xs"
      >
        {selected ? null : (
          <option value={`${provider}/${model}`}>{t('modelNotAvailable', { model })}</option>
        )}
        {groups.map((group) => (
          <optgroup key={`${group.provider}-${group.label}`} label={group.label}>
            {group.models.map((candidate) => (
              <option key={modelKey(candidate)} value={modelKey(candidate)}>
                {modelOptionLabel(candidate, words)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p id={detailsId} className="mt-0.5 hidden truncate text-xs text-muted sm:block">
        {selected
          ? `${describePricing(selected, words)} · ${describeCapabilities(selected, words).join(' · ')}`
          : t('modelGone')}
      </p>
    </div>
  );
}
