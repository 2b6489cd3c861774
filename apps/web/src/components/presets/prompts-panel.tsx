'use client';

import { useTranslations } from 'next-intl';
import type { Prompt } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { presetsApi, promptsQueryKey } from '../../lib/presets-api';
import { LoadError, Panel } from '../ui/page-frame';
import { PromptForm } from './prompt-form';

/** The prompt library: typed `/command` in the composer inserts a prompt's content. */
export function PromptsPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('presets.prompts');
  const queryClient = useQueryClient();
  const prompts = useQuery({ queryKey: promptsQueryKey, queryFn: () => presetsApi.prompts.list() });
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: promptsQueryKey });

  const remove = async (prompt: Prompt) => {
    setError(null);
    try {
      await presetsApi.prompts.remove(prompt.id);
      await refresh();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <>
      <Panel title={t('new')}>
        <PromptForm
          submitLabel={t('save')}
          onSubmit={async (draft) => {
            await presetsApi.prompts.create(draft);
            await refresh();
          }}
        />
      </Panel>
      <Panel title={t('title')}>
        {error ? (
          <p role="alert" className="mb-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        {prompts.isError ? (
          <LoadError message={describeError(prompts.error)} onRetry={() => void prompts.refetch()} />
        ) : !prompts.data ? (
          <p className="text-sm text-muted">{t('loading')}</p>
        ) : prompts.data.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <ul className="grid gap-2" aria-label={t('title')}>
            {prompts.data.map((prompt) => (
              <li key={prompt.id} className="rounded-xl border border-border p-3" aria-label={prompt.title}>
                {editing === prompt.id ? (
                  <PromptForm
                    initial={prompt}
                    submitLabel={t('saveChanges')}
                    onSubmit={async (draft) => {
                      await presetsApi.prompts.update(prompt.id, draft);
                      setEditing(null);
                      await refresh();
                    }}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <div className="flex flex-wrap items-center gap-2">
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium">
                        <span className="font-mono text-muted">{`/${prompt.command}`}</span> {prompt.title}
                      </p>
                      <p className="truncate text-xs text-muted">{prompt.content}</p>
                    </div>
                    <button type="button" className="button" onClick={() => setEditing(prompt.id)}>
                      {t('edit')}
                    </button>
                    <button type="button" className="button" onClick={() => void remove(prompt)}>
                      {t('delete')}
                    </button>
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
