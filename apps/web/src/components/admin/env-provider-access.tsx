'use client';

import type { EnvProviderAccess, EnvProviderView } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { AccessPicker, type GroupOption } from './access-picker';
import { GROUPS_KEY } from './groups-editor';
import { kindName } from './provider-card';

const ENV_PROVIDERS_KEY = ['admin', 'env-providers'] as const;

/**
 * Who may use each provider configured by env (OPENAI_API_KEY, …), and each of its models:
 * everyone, or the members of chosen groups. Saved per provider (`PUT /api/admin/env-providers/:kind`).
 */
export function EnvProviderAccessPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.envProviderAccess');
  const providers = useQuery({ queryKey: ENV_PROVIDERS_KEY, queryFn: adminApi.envProviders.list });
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });

  if (providers.isError)
    return <LoadError message={describeError(providers.error)} onRetry={() => void providers.refetch()} />;
  if (!providers.data) {
    return (
      <p className="text-sm text-muted" role="status">
        {t('loading')}
      </p>
    );
  }
  if (providers.data.length === 0) return null;
  return (
    <div className="space-y-4">
      {providers.data.map((provider) => (
        <EnvProviderCard key={provider.kind} provider={provider} groups={groups.data ?? []} />
      ))}
    </div>
  );
}

function EnvProviderCard({ provider, groups }: { provider: EnvProviderView; groups: GroupOption[] }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.envProviderAccess');
  const queryClient = useQueryClient();
  const saved: EnvProviderAccess = {
    accessGroupIds: provider.accessGroupIds,
    modelGroupIds: provider.modelGroupIds,
  };
  const [draft, setDraft] = useState<EnvProviderAccess>(saved);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const name = provider.offlineDemo ? t('offlineDemo') : kindName(provider.kind);
  const isDirty = JSON.stringify(normalised(draft)) !== JSON.stringify(normalised(saved));

  const save = async () => {
    setSaving(true);
    try {
      const result = await adminApi.envProviders.save(provider.kind, draft);
      queryClient.setQueryData<EnvProviderView[]>(ENV_PROVIDERS_KEY, (items) =>
        items?.map((item) => (item.kind === result.kind ? { ...item, ...result } : item)),
      );
      setDraft({ accessGroupIds: result.accessGroupIds, modelGroupIds: result.modelGroupIds });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
      void queryClient.invalidateQueries({ queryKey: ['models'] });
      setError(null);
      notifyInfo(t('saved', { name }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-label={t('section', { name })}>
      <Panel title={t('title', { name })}>
        <p className="mb-2 text-xs text-muted">{t('intro')}</p>
        <AccessPicker
          label={t('whoMayUse', { name })}
          groups={groups}
          selected={draft.accessGroupIds}
          onChange={(accessGroupIds) => setDraft({ ...draft, accessGroupIds })}
        />
        <ul className="mt-3 space-y-2">
          {provider.models.map((model) => (
            <li key={model.id} className="flex flex-wrap items-start justify-between gap-2">
              <span className="text-sm">
                {model.label} <code className="text-xs text-muted">{model.id}</code>
              </span>
              <AccessPicker
                label={t('whoMayUse', { name: model.id })}
                groups={groups}
                selected={draft.modelGroupIds[model.id] ?? []}
                onChange={(groupIds) =>
                  setDraft({ ...draft, modelGroupIds: { ...draft.modelGroupIds, [model.id]: groupIds } })
                }
              />
            </li>
          ))}
        </ul>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        <div className="mt-3 flex gap-2">
          <button
            type="button"
            className="button-primary"
            disabled={isSaving || !isDirty}
            onClick={() => void save()}
          >
            {isSaving ? t('saving') : t('save', { name })}
          </button>
          <button
            type="button"
            className="button"
            disabled={isSaving || !isDirty}
            onClick={() => {
              setDraft(saved);
              setError(null);
            }}
          >
            {t('discard')}
          </button>
        </div>
      </Panel>
    </section>
  );
}

/** Empty model lists mean everyone, as no entry does: compared without them. */
function normalised(access: EnvProviderAccess): EnvProviderAccess {
  return {
    accessGroupIds: [...access.accessGroupIds].sort(),
    modelGroupIds: Object.fromEntries(
      Object.entries(access.modelGroupIds)
        .filter(([, groupIds]) => groupIds.length > 0)
        .map(([modelId, groupIds]): [string, string[]] => [modelId, [...groupIds].sort()])
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
}
