'use client';

import { useTranslations } from 'next-intl';
import type { PublishedPreset } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { PresetForm } from '../presets/preset-form';
import { notifyError, notifyInfo } from '../ui/notices';
import { Panel } from '../ui/page-frame';
import { QueryList } from '../ui/query-list';
import { GROUPS_KEY } from './groups-editor';

const PRESETS_KEY = ['admin', 'presets'] as const;

/** Presets published to every user, or to the members of chosen groups (read-only to them). */
export function PublishedPresetsEditor() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.presets');
  const queryClient = useQueryClient();
  const presets = useQuery({ queryKey: PRESETS_KEY, queryFn: () => adminApi.presets.list() });
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const groupName = (id: string) => groups.data?.find((group) => group.id === id)?.name ?? id;

  const remove = async (preset: PublishedPreset) => {
    try {
      await adminApi.presets.remove(preset.id);
      await queryClient.invalidateQueries({ queryKey: PRESETS_KEY });
      notifyInfo(t('unpublished', { name: preset.name }));
    } catch (error) {
      notifyError(describeError(error));
    }
  };

  return (
    <div className="grid gap-4">
      <Panel title={t('publishTitle')}>
        <PresetForm
          submitLabel={t('publish')}
          onSubmit={async (draft) => {
            await adminApi.presets.publish({ ...draft, groupIds });
            setGroupIds([]);
            await queryClient.invalidateQueries({ queryKey: PRESETS_KEY });
          }}
        >
          <fieldset>
            <legend className="label">{t('publishedTo')}</legend>
            <p className="mb-1 text-xs text-muted">{t('noGroup')}</p>
            <div className="flex flex-wrap gap-3">
              {(groups.data ?? []).map((group) => (
                <label key={group.id} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    checked={groupIds.includes(group.id)}
                    onChange={(event) =>
                      setGroupIds((current) =>
                        event.target.checked
                          ? [...current, group.id]
                          : current.filter((id) => id !== group.id),
                      )
                    }
                  />
                  {group.name}
                </label>
              ))}
            </div>
          </fieldset>
        </PresetForm>
      </Panel>
      <Panel title={t('title')}>
        <QueryList query={presets} loading={t('loading')} empty={t('empty')}>
          {(items) => (
            <ul className="grid gap-2" aria-label={t('title')}>
              {items.map((preset) => (
                <li
                  key={preset.id}
                  aria-label={preset.name}
                  className="flex flex-wrap items-center gap-2 rounded-lg border border-border p-3"
                >
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium">{preset.name}</p>
                    <p className="truncate text-xs text-muted">
                      {preset.model}
                      {' · '}
                      {preset.groupIds.length ? preset.groupIds.map(groupName).join(', ') : t('everyone')}
                    </p>
                  </div>
                  <button type="button" className="button" onClick={() => void remove(preset)}>
                    {t('unpublish')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryList>
      </Panel>
    </div>
  );
}
