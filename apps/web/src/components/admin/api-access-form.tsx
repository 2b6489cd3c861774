'use client';

import { useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { FormError } from '../auth/auth-card';
import { notifyInfo } from '../ui/notices';
import { LoadError } from '../ui/page-frame';
import { GROUPS_KEY } from './groups-editor';

const KEY = ['admin', 'api-access'] as const;

/**
 * `/v1` for personal API keys: on or off, and for everyone or only some groups (admins always).
 * The form starts from the saved setting and saves both at once.
 */
export function ApiAccessForm() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.apiAccess');
  const queryClient = useQueryClient();
  const setting = useQuery({ queryKey: KEY, queryFn: adminApi.apiAccess.get });
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });
  const [draft, setDraft] = useState<{ enabled: boolean; groupIds: string[] } | null>(null);
  const current = draft ?? setting.data ?? null;
  const save = useMutation({
    mutationFn: adminApi.apiAccess.save,
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      setDraft(null);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
      notifyInfo(
        !saved.enabled ? t('savedOff') : saved.groupIds.length ? t('savedGroups') : t('savedEveryone'),
      );
    },
  });

  if (setting.isError)
    return <LoadError message={describeError(setting.error)} onRetry={() => void setting.refetch()} />;
  if (!current) return <p className="text-sm text-muted">{t('loading')}</p>;
  const limited = current.groupIds.length > 0;
  const toggleGroup = (id: string) =>
    setDraft({
      ...current,
      groupIds: current.groupIds.includes(id)
        ? current.groupIds.filter((g) => g !== id)
        : [...current.groupIds, id],
    });

  return (
    <form
      className="max-w-xl space-y-3 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(current);
      }}
    >
      <FormError message={save.error ? describeError(save.error) : null} />
      <p className="text-muted">{t.rich('intro', { code: (chunks) => <code>{chunks}</code> })}</p>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={current.enabled}
          onChange={(event) => setDraft({ ...current, enabled: event.target.checked })}
        />
        {t('allow')}
      </label>
      <fieldset disabled={!current.enabled} className="space-y-2 disabled:opacity-50">
        <legend className="mb-1 font-medium">{t('who')}</legend>
        <p className="text-xs text-muted">{limited ? t('limited') : t('everyone')}</p>
        {groups.data?.length ? (
          <ul className="space-y-1" aria-label={t('groups')}>
            {groups.data.map((group) => (
              <li key={group.id}>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={current.groupIds.includes(group.id)}
                    onChange={() => toggleGroup(group.id)}
                  />
                  {group.name}
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted">{t('noGroups')}</p>
        )}
      </fieldset>
      <button type="submit" className="button-primary" disabled={save.isPending || draft === null}>
        {save.isPending ? t('saving') : t('save')}
      </button>
    </form>
  );
}
