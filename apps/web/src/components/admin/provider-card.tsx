'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { fieldKey, type FieldErrors, type ModelDraft, type ProviderDraft } from '../../lib/provider-draft';
import { TrashIcon } from '../ui/icons';
import { useMoney } from '../billing/use-money';
import { AccessPicker, type GroupOption } from './access-picker';

const kindNames: Record<ProviderDraft['kind'], string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google Gemini',
  'openai-compatible': 'OpenAI-compatible',
};
export const kindName = (kind: ProviderDraft['kind']) => kindNames[kind];

export function FieldError({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-xs text-danger">
      {message}
    </p>
  );
}

interface ProviderCardProps {
  index: number;
  provider: ProviderDraft;
  errors: FieldErrors;
  onChange: (provider: ProviderDraft) => void;
  onRemove: () => void;
  /** For the access pickers (everyone, or chosen groups). */
  groups: GroupOption[];
}

/** One provider: on/off, name, endpoint, write-only key, and its models (on/off, price overrides). */
export function ProviderCard({ index, provider, errors, onChange, onRemove, groups }: ProviderCardProps) {
  const t = useTranslations('admin.providerCard');
  const money = useMoney();
  const id = useId();
  const [newModel, setNewModel] = useState('');
  const set = (patch: Partial<ProviderDraft>) => onChange({ ...provider, ...patch });
  const setModel = (modelId: string, patch: Partial<ModelDraft>) =>
    set({ models: provider.models.map((model) => (model.id === modelId ? { ...model, ...patch } : model)) });
  const baseUrlError = errors[fieldKey.baseUrl(index)];
  const apiKeyError = errors[fieldKey.apiKey(index)];
  const labelError = errors[fieldKey.label(index)];
  const keyState = provider.removeKey
    ? t('keyState.removing')
    : provider.apiKey
      ? t('keyState.new')
      : provider.hasApiKey
        ? t('keyState.set')
        : t('keyState.none');
  const name = provider.label || kindName(provider.kind);

  return (
    <section
      aria-label={t('section', { name })}
      className="rounded-2xl border border-border bg-raised p-4 shadow-sm"
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">{provider.label || kindName(provider.kind)}</h3>
        <span className="rounded-full bg-surface px-2 py-0.5 text-xs text-muted">
          {kindName(provider.kind)}
        </span>
        <span
          className={`rounded-full px-2 py-0.5 text-xs ${provider.hasApiKey && !provider.removeKey ? 'bg-surface text-fg' : 'bg-warn-bg text-warn-fg'}`}
        >
          {keyState}
        </span>
        <label className="ml-auto flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={provider.enabled}
            onChange={(event) => set({ enabled: event.target.checked })}
          />
          {t('enabled')}
        </label>
        <button
          type="button"
          className="icon-button"
          aria-label={t('removeLabel', { name: provider.label })}
          title={t('remove')}
          onClick={onRemove}
        >
          <TrashIcon width={16} height={16} />
        </button>
      </div>

      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor={`${id}-label`}>
            {t('name')}
          </label>
          <input
            id={`${id}-label`}
            className="input"
            value={provider.label}
            maxLength={100}
            onChange={(event) => set({ label: event.target.value })}
          />
          <FieldError message={labelError} />
        </div>
        <div>
          <label className="label" htmlFor={`${id}-base`}>
            {provider.kind === 'openai-compatible' ? t('baseUrl') : t('baseUrlOptional')}
          </label>
          <input
            id={`${id}-base`}
            className="input"
            type="url"
            inputMode="url"
            placeholder={provider.kind === 'openai-compatible' ? 'https://host/v1' : t('defaultEndpoint')}
            value={provider.baseUrl}
            aria-invalid={baseUrlError ? true : undefined}
            aria-describedby={baseUrlError ? `${id}-base-error` : undefined}
            onChange={(event) => set({ baseUrl: event.target.value })}
          />
          <FieldError id={`${id}-base-error`} message={baseUrlError} />
        </div>
        <div className="sm:col-span-2">
          <label className="label" htmlFor={`${id}-key`}>
            {t('apiKey')}
          </label>
          <div className="flex gap-2">
            <input
              id={`${id}-key`}
              className="input"
              type="password"
              autoComplete="off"
              placeholder={provider.hasApiKey ? t('replaceKey') : t('pasteKey')}
              value={provider.apiKey}
              onChange={(event) => set({ apiKey: event.target.value, removeKey: false })}
            />
            {provider.hasApiKey ? (
              <button
                type="button"
                className="button whitespace-nowrap"
                aria-pressed={provider.removeKey}
                onClick={() => set({ removeKey: !provider.removeKey, apiKey: '' })}
              >
                {provider.removeKey ? t('keepKey') : t('removeKey')}
              </button>
            ) : null}
          </div>
          <p className="mt-1 text-xs text-muted">{t('keyHint')}</p>
          <FieldError message={apiKeyError} />
        </div>
        <div className="sm:col-span-2">
          <AccessPicker
            label={t('whoMayUse', { name })}
            groups={groups}
            selected={provider.accessGroupIds}
            onChange={(accessGroupIds) => set({ accessGroupIds })}
          />
        </div>
      </div>

      <h4 className="mb-1 mt-4 text-xs font-medium text-muted">{t('models')}</h4>
      {provider.models.length === 0 ? <p className="text-sm text-muted">{t('noModels')}</p> : null}
      <ul className="divide-y divide-border">
        {provider.models.map((model) => (
          <li
            key={model.id}
            className="flex flex-wrap items-center gap-2 py-2"
            aria-label={t('model', { id: model.id })}
          >
            <label className="flex min-w-48 flex-1 items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={model.enabled}
                onChange={(event) => setModel(model.id, { enabled: event.target.checked })}
              />
              <span className="truncate" title={model.id}>
                {model.label}
              </span>
            </label>
            {(['input', 'output'] as const).map((side) => {
              const error = errors[fieldKey.price(index, model.id, side)];
              const list =
                model.listPricing?.[side === 'input' ? 'inputPerMTokMicros' : 'outputPerMTokMicros'];
              return (
                <div key={side} className="w-28">
                  <input
                    className={`input py-1 ${error ? 'border-danger' : ''}`}
                    inputMode="decimal"
                    aria-label={t(`price.${side}`, { id: model.id })}
                    aria-invalid={error ? true : undefined}
                    title={error}
                    placeholder={
                      list === undefined
                        ? t(`pricePlaceholder.${side}`, { price: '$' })
                        : t(`pricePlaceholder.${side}`, { price: money(list) })
                    }
                    value={side === 'input' ? model.inputPrice : model.outputPrice}
                    onChange={(event) =>
                      setModel(
                        model.id,
                        side === 'input'
                          ? { inputPrice: event.target.value }
                          : { outputPrice: event.target.value },
                      )
                    }
                  />
                  <FieldError message={error} />
                </div>
              );
            })}
            <AccessPicker
              label={t('whoMayUse', { name: model.id })}
              groups={groups}
              selected={model.groupIds}
              onChange={(groupIds) => setModel(model.id, { groupIds })}
            />
            {!model.listPricing ? (
              <button
                type="button"
                className="icon-button"
                aria-label={t('removeModel', { id: model.id })}
                onClick={() =>
                  set({ models: provider.models.filter((candidate) => candidate.id !== model.id) })
                }
              >
                <TrashIcon width={14} height={14} />
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {provider.kind === 'openai-compatible' ? (
        <form
          className="mt-2 flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const modelId = newModel.trim();
            if (!modelId || provider.models.some((model) => model.id === modelId)) return;
            set({
              models: [
                ...provider.models,
                { id: modelId, label: modelId, enabled: true, inputPrice: '', outputPrice: '', groupIds: [] },
              ],
            });
            setNewModel('');
          }}
        >
          <input
            className="input py-1"
            aria-label={t('modelToAdd')}
            placeholder={t('modelPlaceholder')}
            maxLength={200}
            value={newModel}
            onChange={(event) => setNewModel(event.target.value)}
          />
          <button type="submit" className="button py-1" disabled={!newModel.trim()}>
            {t('addModel')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
