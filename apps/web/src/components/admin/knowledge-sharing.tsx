'use client';

import type { AdminKnowledgeBase } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { adminApi } from '../../lib/admin-api';
import { adminKnowledgeApi } from '../../lib/admin-knowledge-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import type { GroupOption } from './access-picker';
import { GROUPS_KEY } from './groups-editor';

const KNOWLEDGE_KEY = ['admin', 'knowledge'] as const;

/** One base: the groups it is shared with, ticked, saved together. */
function BaseSharing({ base, groups }: { base: AdminKnowledgeBase; groups: GroupOption[] }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.knowledgeSharing');
  const localeFormat = useLocaleFormat();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>(base.groupIds);
  const [isSaving, setSaving] = useState(false);
  const changed =
    selected.length !== base.groupIds.length || selected.some((id) => !base.groupIds.includes(id));

  const save = async () => {
    setSaving(true);
    try {
      const saved = await adminKnowledgeApi.share(base.id, selected);
      await queryClient.invalidateQueries({ queryKey: KNOWLEDGE_KEY });
      notifyInfo(
        saved.groupIds.length === 0
          ? t('unshared', { name: base.name })
          : t('shared', { name: base.name, count: saved.groupIds.length }),
      );
    } catch (error) {
      notifyError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <li aria-label={base.name} className="grid gap-2 rounded-md border border-border p-3">
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-medium">{base.name}</span>
        <span className="text-xs text-muted">
          {t('meta', { owner: base.userId, created: localeFormat.longDate(base.createdAt) })}
        </span>
      </div>
      <fieldset className="flex flex-wrap items-center gap-3 text-sm">
        <legend className="sr-only">{t('groupsLegend', { name: base.name })}</legend>
        {groups.map((group) => (
          <label key={group.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              aria-label={t('shareWith', { base: base.name, group: group.name })}
              checked={selected.includes(group.id)}
              onChange={(event) =>
                setSelected((current) =>
                  event.target.checked ? [...current, group.id] : current.filter((id) => id !== group.id),
                )
              }
            />
            {group.name}
          </label>
        ))}
        <button
          type="button"
          className="button"
          disabled={!changed || isSaving}
          aria-label={t('saveLabel', { name: base.name })}
          onClick={() => void save()}
        >
          {isSaving ? t('saving') : t('save')}
        </button>
      </fieldset>
    </li>
  );
}

/**
 * Users' knowledge bases and the groups each is shared with: members of those groups can pick
 * the base in their chats and search it (read only). Not shared: only its owner sees it.
 */
export function KnowledgeSharing() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.knowledgeSharing');
  const bases = useQuery({ queryKey: KNOWLEDGE_KEY, queryFn: () => adminKnowledgeApi.list() });
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = (bases.data ?? []).filter(
    (base) => needle === '' || base.name.toLowerCase().includes(needle) || base.userId.includes(needle),
  );

  return (
    <Panel title={t('title')}>
      <p className="mb-3 text-sm text-muted">{t('intro')}</p>
      {bases.isError || groups.isError ? (
        <LoadError
          message={describeError(bases.error ?? groups.error)}
          onRetry={() => void Promise.all([bases.refetch(), groups.refetch()])}
        />
      ) : !bases.data || !groups.data ? (
        <p className="text-sm text-muted">{t('loading')}</p>
      ) : bases.data.length === 0 ? (
        <p className="text-sm text-muted">{t('empty')}</p>
      ) : (
        <>
          {groups.data.length === 0 ? <p className="mb-3 text-sm text-muted">{t('noGroups')}</p> : null}
          <label className="label" htmlFor="knowledge-filter">
            {t('filter')}
          </label>
          <input
            id="knowledge-filter"
            className="input mb-3"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <ul className="grid gap-2" aria-label={t('title')}>
            {shown.map((base) => (
              <BaseSharing key={`${base.id}:${base.groupIds.join(',')}`} base={base} groups={groups.data} />
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
