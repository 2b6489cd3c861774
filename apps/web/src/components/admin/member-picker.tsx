'use client';

import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { adminApi } from '../../lib/admin-api';

/** Search users by email or name and add one; people already in the group are left out. */
export function MemberPicker({
  groupName,
  memberIds,
  onAdd,
}: {
  groupName: string;
  memberIds: ReadonlySet<string>;
  onAdd: (userId: string) => void;
}) {
  const t = useTranslations('admin.memberPicker');
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const matches = useQuery({
    queryKey: ['admin', 'users', 'picker', q],
    queryFn: () => adminApi.users.list({ q }),
    enabled: q.length > 0,
  });
  const candidates = (matches.data?.items ?? []).filter((user) => !memberIds.has(user.id)).slice(0, 5);
  return (
    <div className="mt-2">
      <input
        type="search"
        className="input max-w-sm"
        aria-label={t('find', { group: groupName })}
        placeholder={t('placeholder')}
        value={search}
        maxLength={200}
        onChange={(event) => setSearch(event.target.value)}
      />
      {q && matches.isSuccess && candidates.length === 0 ? (
        <p className="mt-1 text-xs text-muted">{t('noMatch', { q })}</p>
      ) : null}
      {candidates.length > 0 ? (
        <ul className="mt-1 max-w-sm divide-y divide-border rounded-md border border-border">
          {candidates.map((user) => (
            <li key={user.id} className="flex items-center justify-between gap-2 px-2 py-1 text-sm">
              <span className="truncate">{user.name ? `${user.name} · ${user.email}` : user.email}</span>
              <button
                type="button"
                className="button py-0.5"
                aria-label={t('addLabel', { email: user.email, group: groupName })}
                onClick={() => {
                  onAdd(user.id);
                  setSearch('');
                }}
              >
                {t('add')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
