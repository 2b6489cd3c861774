'use client';

import { useTranslations } from 'next-intl';
import type { ProviderKind } from '@vivier/contracts';
import { providerKinds } from '@vivier/contracts/constants';
import { useId, useState, type FormEvent } from 'react';
import { fieldKey, type FieldErrors, type SettingsDraft } from '../../lib/provider-draft';
import { notifyInfo } from '../ui/notices';
import { Panel } from '../ui/page-frame';
import { FieldError, kindName } from './provider-card';

export type SaveResult = { ok: true } | { ok: false; fields: FieldErrors; message: string };

/** Adds one provider to the settings document; saving it saves the whole document. */
export function AddProviderForm({
  isSaving,
  newIndex,
  onAdd,
}: {
  isSaving: boolean;
  newIndex: number;
  onAdd: (provider: SettingsDraft['providers'][number]) => Promise<SaveResult>;
}) {
  const t = useTranslations('admin.addProvider');
  const id = useId();
  const [kind, setKind] = useState<ProviderKind>('openai-compatible');
  const [label, setLabel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const result = await onAdd({
      kind,
      label: label.trim() || kindName(kind),
      baseUrl,
      hasApiKey: false,
      apiKey,
      removeKey: false,
      enabled: true,
      accessGroupIds: [],
      models: [],
    });
    if (result.ok) {
      notifyInfo(t('added', { name: label.trim() || kindName(kind) }));
      setLabel('');
      setBaseUrl('');
      setApiKey('');
      setErrors({});
      return;
    }
    setErrors(result.fields);
    const shown = [fieldKey.baseUrl(newIndex), fieldKey.apiKey(newIndex), fieldKey.label(newIndex)].some(
      (key) => result.fields[key],
    );
    setMessage(shown ? null : result.message);
  };

  const baseUrlError = errors[fieldKey.baseUrl(newIndex)];
  return (
    <Panel title={t('title')}>
      <form className="grid gap-3 sm:grid-cols-2" onSubmit={(event) => void submit(event)}>
        <div>
          <label className="label" htmlFor={`${id}-kind`}>
            {t('type')}
          </label>
          <select
            id={`${id}-kind`}
            className="input"
            value={kind}
            onChange={(event) => setKind(event.target.value as ProviderKind)}
          >
            {providerKinds.map((option) => (
              <option key={option} value={option}>
                {kindName(option)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor={`${id}-label`}>
            {t('label')}
          </label>
          <input
            id={`${id}-label`}
            className="input"
            maxLength={100}
            placeholder={kindName(kind)}
            value={label}
            onChange={(event) => setLabel(event.target.value)}
          />
          <FieldError message={errors[fieldKey.label(newIndex)]} />
        </div>
        <div>
          <label className="label" htmlFor={`${id}-base`}>
            {kind === 'openai-compatible' ? t('baseUrl') : t('baseUrlOptional')}
          </label>
          <input
            id={`${id}-base`}
            className="input"
            type="url"
            required={kind === 'openai-compatible'}
            placeholder="https://host/v1"
            value={baseUrl}
            aria-invalid={baseUrlError ? true : undefined}
            aria-describedby={baseUrlError ? `${id}-base-error` : undefined}
            onChange={(event) => setBaseUrl(event.target.value)}
          />
          <FieldError id={`${id}-base-error`} message={baseUrlError} />
        </div>
        <div>
          <label className="label" htmlFor={`${id}-key`}>
            {kind === 'openai-compatible' ? t('apiKeyOptional') : t('apiKey')}
          </label>
          <input
            id={`${id}-key`}
            className="input"
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
          <FieldError message={errors[fieldKey.apiKey(newIndex)]} />
        </div>
        {message ? (
          <p role="alert" className="text-sm text-danger sm:col-span-2">
            {message}
          </p>
        ) : null}
        <div className="sm:col-span-2">
          <button type="submit" className="button-primary" disabled={isSaving}>
            {isSaving ? t('saving') : t('add')}
          </button>
          <p className="mt-1 text-xs text-muted">{t('hint')}</p>
        </div>
      </form>
    </Panel>
  );
}
