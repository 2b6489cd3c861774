'use client';

import { useTranslations } from 'next-intl';
import type { ProviderSettings } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { isApiError } from '../../lib/api-error';
import { useDescribeError } from '../../hooks/use-describe-error';
import {
  defaultModelChoices,
  draftOf,
  fieldErrorsOf,
  updateOf,
  type FieldErrors,
  type SettingsDraft,
} from '../../lib/provider-draft';
import { notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { GROUPS_KEY } from './groups-editor';
import { AddProviderForm, type SaveResult } from './add-provider-form';
import { ProviderCard } from './provider-card';

const SETTINGS_KEY = ['admin', 'providers'] as const;

/** Providers and models: the whole settings document, edited here and saved in one PUT. */
export function ProviderSettingsView() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.providers');
  const tDraft = useTranslations('admin.providers.draftErrors');
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: adminApi.providers.get, staleTime: Infinity });
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data && !draft) setDraft(draftOf(settings.data));
  }, [settings.data, draft]);

  const save = async (next: SettingsDraft): Promise<SaveResult> => {
    const { update, errors: localErrors } = updateOf(next, tDraft);
    if (Object.keys(localErrors).length > 0)
      return { ok: false, fields: localErrors, message: t('fixFields') };
    setSaving(true);
    try {
      const saved: ProviderSettings = await adminApi.providers.save(update);
      queryClient.setQueryData(SETTINGS_KEY, saved);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
      void queryClient.invalidateQueries({ queryKey: ['models'] });
      setDraft(draftOf(saved));
      setErrors({});
      setFormError(null);
      return { ok: true };
    } catch (error) {
      if (isApiError(error) && error.code === 'VALIDATION_FAILED') {
        const { fields, other } = fieldErrorsOf(error.details);
        return {
          ok: false,
          fields,
          message: other.length ? `${error.message}: ${other.join('; ')}` : error.message,
        };
      }
      return { ok: false, fields: {}, message: describeError(error) };
    } finally {
      setSaving(false);
    }
  };

  const saveDraft = async () => {
    if (!draft) return;
    const result = await save(draft);
    if (result.ok) notifyInfo(t('saved'));
    else {
      setErrors(result.fields);
      setFormError(result.message);
    }
  };

  if (settings.isError)
    return <LoadError message={describeError(settings.error)} onRetry={() => void settings.refetch()} />;
  if (!draft) {
    return (
      <p className="text-sm text-muted" role="status">
        {t('loading')}
      </p>
    );
  }

  const choices = defaultModelChoices(draft);
  const defaultValue = draft.defaultModel
    ? `${draft.defaultModel.provider}\u0000${draft.defaultModel.model}`
    : '';
  const isDirty =
    settings.data !== undefined &&
    JSON.stringify(updateOf(draftOf(settings.data), tDraft).update) !==
      JSON.stringify(updateOf(draft, tDraft).update);

  return (
    <div className="space-y-4">
      <Panel title={t('defaultModel')}>
        <select
          aria-label={t('defaultModel')}
          className="input max-w-md"
          value={defaultValue}
          onChange={(event) => {
            const [provider, model] = event.target.value.split('\u0000');
            setDraft({ ...draft, defaultModel: provider && model ? { provider, model } : null });
          }}
        >
          <option value="">{t('noDefault')}</option>
          {choices.map((choice) => (
            <option
              key={`${choice.provider}\u0000${choice.model}`}
              value={`${choice.provider}\u0000${choice.model}`}
            >
              {choice.label}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-muted">{t('defaultModelHint')}</p>
      </Panel>

      {draft.providers.length === 0 ? <p className="text-sm text-muted">{t('empty')}</p> : null}
      {draft.providers.map((provider, index) => (
        <ProviderCard
          key={provider.id ?? `new-${index}`}
          index={index}
          provider={provider}
          errors={errors}
          groups={groups.data ?? []}
          onChange={(changed) =>
            setDraft({
              ...draft,
              providers: draft.providers.map((item, at) => (at === index ? changed : item)),
            })
          }
          onRemove={() =>
            setDraft({
              providers: draft.providers.filter((_, at) => at !== index),
              defaultModel: draft.defaultModel?.provider === provider.id ? null : draft.defaultModel,
            })
          }
        />
      ))}

      <div className="sticky bottom-0 -mx-3 flex flex-wrap items-center gap-2 border-t border-border bg-canvas/95 px-3 py-3 sm:-mx-6 sm:px-6">
        {formError ? (
          <p role="alert" className="w-full text-sm text-danger">
            {formError}
          </p>
        ) : null}
        <button
          type="button"
          className="button-primary"
          disabled={isSaving || !isDirty}
          onClick={() => void saveDraft()}
        >
          {isSaving ? t('saving') : t('save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={isSaving || !isDirty}
          onClick={() => {
            if (settings.data) setDraft(draftOf(settings.data));
            setErrors({});
            setFormError(null);
          }}
        >
          {t('discard')}
        </button>
        {isDirty ? <span className="text-xs text-muted">{t('unsaved')}</span> : null}
      </div>

      <AddProviderForm
        isSaving={isSaving}
        onAdd={(provider) => save({ ...draft, providers: [...draft.providers, provider] })}
        newIndex={draft.providers.length}
      />
    </div>
  );
}
