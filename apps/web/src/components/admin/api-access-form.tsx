'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { describeError } from '../../lib/error-message';
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
        !saved.enabled
          ? 'The API is off.'
          : saved.groupIds.length
            ? 'The API is on for the chosen groups and admins.'
            : 'The API is on for everyone.',
      );
    },
  });

  if (setting.isError)
    return <LoadError message={describeError(setting.error)} onRetry={() => void setting.refetch()} />;
  if (!current) return <p className="text-sm text-muted">Loading…</p>;
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
      <p className="text-muted">
        Scripts and editors use <code>/v1</code> with a personal API key (Account → API keys), charged to the
        key owner&apos;s allowance.
      </p>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={current.enabled}
          onChange={(event) => setDraft({ ...current, enabled: event.target.checked })}
        />
        Allow the API
      </label>
      <fieldset disabled={!current.enabled} className="space-y-2 disabled:opacity-50">
        <legend className="mb-1 font-medium">Who may use it</legend>
        <p className="text-xs text-muted">
          {limited
            ? 'Only members of the checked groups, and admins.'
            : 'Everyone. Check groups to limit it to their members (and admins).'}
        </p>
        {groups.data?.length ? (
          <ul className="space-y-1" aria-label="Groups that may use the API">
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
          <p className="text-xs text-muted">Create a group first to limit the API to it.</p>
        )}
      </fieldset>
      <button type="submit" className="button-primary" disabled={save.isPending || draft === null}>
        {save.isPending ? 'Saving…' : 'Save API access'}
      </button>
    </form>
  );
}
