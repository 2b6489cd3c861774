'use client';

import { useTranslations } from 'next-intl';
import type { ChatSettings, Model, Preset, ReasoningEffort } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api } from '../../lib/api';
import { findModel } from '../../lib/model-choice';
import { queryKeys } from '../../lib/query-client';
import { ModelPicker } from '../chat/model-picker';
import { ReasoningEffortSelect } from '../chat/reasoning-effort-select';
import { LabelledField, LabelledInput } from '../ui/labelled-field';
import { EditorForm } from './editor-form';

export interface PresetDraft {
  name: string;
  provider: string;
  model: string;
  settings: ChatSettings;
}

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** Create a preset, or edit one (`initial`); the numbers left empty use the model's defaults. */
export function PresetForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: {
  initial?: Pick<Preset, 'id' | 'name' | 'provider' | 'model' | 'settings'>;
  /** More fields, shown above the buttons (the admin page's groups). */
  children?: ReactNode;
  submitLabel: string;
  onSubmit: (draft: PresetDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const t = useTranslations('presets.presetForm');
  const models = useQuery({ queryKey: queryKeys.models, queryFn: api.models.list, staleTime: 5 * 60_000 });
  const [name, setName] = useState(initial?.name ?? '');
  const [choice, setChoice] = useState<Pick<Model, 'provider' | 'id'> | null>(
    initial ? { provider: initial.provider, id: initial.model } : null,
  );
  const [systemPrompt, setSystemPrompt] = useState(initial?.settings.systemPrompt ?? '');
  const [temperature, setTemperature] = useState(initial?.settings.temperature?.toString() ?? '');
  const [maxTokens, setMaxTokens] = useState(initial?.settings.maxTokens?.toString() ?? '');
  const [reasoningEffort, setReasoningEffort] = useState<ReasoningEffort | ''>(
    initial?.settings.reasoningEffort ?? '',
  );
  const selected = choice ?? models.data?.[0] ?? null;
  const canThink = selected
    ? (findModel(models.data ?? [], selected.provider, selected.id)?.capabilities.reasoning ?? false)
    : false;

  const save = async () => {
    if (!selected) return;
    const temperatureValue = optionalNumber(temperature);
    const maxTokensValue = optionalNumber(maxTokens);
    await onSubmit({
      name,
      provider: selected.provider,
      model: selected.id,
      settings: {
        ...(systemPrompt ? { systemPrompt } : {}),
        ...(temperatureValue !== undefined ? { temperature: temperatureValue } : {}),
        ...(maxTokensValue !== undefined ? { maxTokens: maxTokensValue } : {}),
        ...(reasoningEffort !== '' && canThink ? { reasoningEffort } : {}),
      },
    });
    if (!initial) {
      setName('');
      setSystemPrompt('');
      setTemperature('');
      setMaxTokens('');
      setReasoningEffort('');
    }
  };

  const idPrefix = initial ? `preset-${initial.id}` : 'preset-new';
  return (
    <EditorForm
      label={initial ? t('edit', { name: initial.name }) : t('new')}
      submitLabel={submitLabel}
      canSubmit={selected !== null && name.trim() !== ''}
      save={save}
      onCancel={onCancel}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <LabelledInput
          id={`${idPrefix}-name`}
          label={t('name')}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
        <div>
          <span className="label">{t('model')}</span>
          <ModelPicker
            models={models.data ?? []}
            provider={selected?.provider ?? ''}
            model={selected?.id ?? ''}
            onChange={(model) => setChoice(model)}
          />
        </div>
      </div>
      <LabelledField id={`${idPrefix}-system`} label={t('systemPrompt')}>
        <textarea
          id={`${idPrefix}-system`}
          className="input min-h-20"
          value={systemPrompt}
          maxLength={20_000}
          onChange={(event) => setSystemPrompt(event.target.value)}
        />
      </LabelledField>
      <div className="grid gap-3 sm:grid-cols-2">
        <LabelledInput
          id={`${idPrefix}-temperature`}
          label={t('temperature')}
          type="number"
          min={0}
          max={2}
          step={0.1}
          value={temperature}
          onChange={(event) => setTemperature(event.target.value)}
        />
        <LabelledInput
          id={`${idPrefix}-max-tokens`}
          label={t('maxTokens')}
          type="number"
          min={1}
          max={200_000}
          step={1}
          value={maxTokens}
          onChange={(event) => setMaxTokens(event.target.value)}
        />
      </div>
      {canThink ? (
        <ReasoningEffortSelect
          id={`${idPrefix}-reasoning-effort`}
          value={reasoningEffort}
          onChange={setReasoningEffort}
        />
      ) : null}
      {children}
    </EditorForm>
  );
}
