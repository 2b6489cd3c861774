'use client';

import { useTranslations } from 'next-intl';
import type { Preset } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { presetsApi, presetsQueryKey } from '../../lib/presets-api';
import { queryKeys } from '../../lib/query-client';
import { LoadError, Panel } from '../ui/page-frame';
import { PresetForm, type PresetDraft } from './preset-form';

/**
 * The user's presets and those an admin published to them (read-only, marked shared). "Start
 * chat" opens a new chat with the preset's model and settings, or says why it cannot.
 */
export function PresetsPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('presets.presets');
  const queryClient = useQueryClient();
  const router = useRouter();
  const presets = useQuery({ queryKey: presetsQueryKey, queryFn: () => presetsApi.presets.list() });
  const [editing, setEditing] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: presetsQueryKey });

  const act = async (preset: Preset, action: () => Promise<void>) => {
    setErrors(({ [preset.id]: _, ...rest }) => rest);
    try {
      await action();
    } catch (caught) {
      setErrors((current) => ({ ...current, [preset.id]: describeError(caught) }));
    }
  };
  const startChat = (preset: Preset) =>
    act(preset, async () => {
      const chat = await presetsApi.presets.startChat(preset.id);
      // The sidebar lists it at once, like a chat started from the composer.
      await queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
      router.push(`/chat/${chat.id}`);
    });
  const remove = (preset: Preset) =>
    act(preset, async () => {
      await presetsApi.presets.remove(preset.id);
      await refresh();
    });
  const update = async (preset: Preset, draft: PresetDraft) => {
    await presetsApi.presets.update(preset.id, draft);
    setEditing(null);
    await refresh();
  };

  return (
    <>
      <Panel title={t('new')}>
        <PresetForm
          submitLabel={t('save')}
          onSubmit={async (draft) => {
            await presetsApi.presets.create(draft);
            await refresh();
          }}
        />
      </Panel>
      <Panel title={t('title')}>
        {presets.isError ? (
          <LoadError message={describeError(presets.error)} onRetry={() => void presets.refetch()} />
        ) : !presets.data ? (
          <p className="text-sm text-muted">{t('loading')}</p>
        ) : presets.data.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <ul className="grid gap-2" aria-label={t('title')}>
            {presets.data.map((preset) => (
              <li key={preset.id} className="rounded-xl border border-border p-3" aria-label={preset.name}>
                {editing === preset.id ? (
                  <PresetForm
                    initial={preset}
                    submitLabel={t('saveChanges')}
                    onSubmit={(draft) => update(preset, draft)}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <div className="flex flex-wrap items-center gap-2">
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium">
                        {preset.name}
                        {preset.shared ? (
                          <span className="ml-2 rounded bg-surface px-1.5 py-0.5 text-xs text-muted">
                            {t('shared')}
                          </span>
                        ) : null}
                      </p>
                      <p className="truncate text-xs text-muted">
                        {preset.model}
                        {preset.settings.systemPrompt ? ` · ${preset.settings.systemPrompt}` : ''}
                      </p>
                    </div>
                    <button type="button" className="button-primary" onClick={() => void startChat(preset)}>
                      {t('startChat')}
                    </button>
                    {preset.shared ? null : (
                      <>
                        <button type="button" className="button" onClick={() => setEditing(preset.id)}>
                          {t('edit')}
                        </button>
                        <button type="button" className="button" onClick={() => void remove(preset)}>
                          {t('delete')}
                        </button>
                      </>
                    )}
                    {errors[preset.id] ? (
                      <p role="alert" className="w-full text-sm text-danger">
                        {errors[preset.id]}
                      </p>
                    ) : null}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
