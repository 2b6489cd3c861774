'use client';

import type { Role, UserAdminList, UserAdminView } from '@vivier/contracts';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { useAuthStore } from '../../stores/auth-store';
import { Dialog } from '../ui/dialog';
import { SearchIcon } from '../ui/icons';
import { notifyInfo } from '../ui/notices';
import { LoadMoreButton } from '../ui/load-more-button';
import { LoadError, Panel } from '../ui/page-frame';
import { TableHeader } from '../ui/table-header';
import { NewUserButton, UserRowActions } from './user-lifecycle';
import { ResetTwoFactorButton } from './reset-two-factor-button';

type PendingChange = {
  user: UserAdminView;
  change: { role: Role } | { disabled: boolean } | { approved: true };
};

const usersKey = (q: string) => ['admin', 'users', q] as const;

type Translate = ReturnType<typeof useTranslations<'admin.users'>>;

function confirmText(
  t: Translate,
  { user, change }: PendingChange,
): {
  title: string;
  description: string;
  action: string;
} {
  const who = user.name ? `${user.name} (${user.email})` : user.email;
  const kind =
    'approved' in change
      ? 'approve'
      : 'role' in change
        ? change.role === 'ADMIN'
          ? 'makeAdmin'
          : 'makeUser'
        : change.disabled
          ? 'disable'
          : 'enable';
  return {
    title: t(`confirm.${kind}.title`),
    description: t(`confirm.${kind}.description`, { who }),
    action: t(`confirm.${kind}.action`),
  };
}

function outcomeOf(t: Translate, change: PendingChange['change'], updated: UserAdminView): string {
  if ('approved' in change) return t('outcome.approved');
  if ('role' in change) return updated.role === 'ADMIN' ? t('outcome.nowAdmin') : t('outcome.nowUser');
  return updated.disabled ? t('outcome.disabled') : t('outcome.enabled');
}

/** Every user, newest first: search (debounced), role, disable/enable (confirmed), "Load more". */
export function UsersTable() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.users');
  const localeFormat = useLocaleFormat();
  const me = useAuthStore((store) => store.user);
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [changeError, setChangeError] = useState<string | null>(null);

  const list = useInfiniteQuery({
    queryKey: usersKey(q),
    queryFn: ({ pageParam }) => adminApi.users.list({ q: q || undefined, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const users = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const apply = async () => {
    if (!pending) return;
    setSaving(true);
    setChangeError(null);
    try {
      const updated = await adminApi.users.update(pending.user.id, pending.change);
      // Every cached search that shows this user gets the new row.
      queryClient.setQueriesData<InfiniteData<UserAdminList>>({ queryKey: ['admin', 'users'] }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) => (item.id === updated.id ? updated : item)),
              })),
            }
          : data,
      );
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
      notifyInfo(`${updated.email}: ${outcomeOf(t, pending.change, updated)}`);
      setPending(null);
    } catch (error) {
      setChangeError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  const text = pending ? confirmText(t, pending) : null;

  return (
    <Panel title={t('title')} actions={<NewUserButton />}>
      <div className="relative mb-3 max-w-sm">
        <SearchIcon
          className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-muted"
          width={16}
          height={16}
        />
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
          className="input pl-8"
        />
      </div>
      {list.isError ? (
        <LoadError message={describeError(list.error)} onRetry={() => void list.refetch()} />
      ) : null}
      {list.isPending ? (
        <p className="py-3 text-sm text-muted" role="status">
          {t('loading')}
        </p>
      ) : null}
      {list.isSuccess && users.length === 0 ? (
        <p className="py-3 text-sm text-muted">{q ? t('noMatch', { q }) : t('empty')}</p>
      ) : null}
      {users.length > 0 ? (
        <div className="-mx-4 overflow-x-auto px-4" aria-busy={list.isFetching}>
          <table className="w-full min-w-[44rem] text-left text-sm">
            <TableHeader
              columns={[t('columns.user'), t('columns.role'), t('columns.status'), t('columns.joined')]}
              actionsLabel={t('columns.actions')}
              cellClassName="py-2 pr-3"
              actionsClassName="py-2 font-medium"
            />
            <tbody>
              {users.map((user) => {
                const isMe = user.id === me?.id;
                return (
                  <tr key={user.id} className="border-b border-border last:border-0" aria-label={user.email}>
                    <td className="max-w-64 py-2 pr-3">
                      <p className="truncate font-medium">
                        {user.name ?? user.email}
                        {isMe ? (
                          <span className="ml-1 text-xs font-normal text-muted">{t('you')}</span>
                        ) : null}
                      </p>
                      {user.name ? <p className="truncate text-xs text-muted">{user.email}</p> : null}
                    </td>
                    <td className="py-2 pr-3">
                      <select
                        aria-label={t('roleOf', { email: user.email })}
                        value={user.role}
                        disabled={isMe}
                        title={isMe ? t('ownRole') : undefined}
                        onChange={(event) => {
                          setChangeError(null);
                          setPending({ user, change: { role: event.target.value as Role } });
                        }}
                        className="rounded-md border border-border bg-canvas px-2 py-1 text-sm disabled:opacity-50"
                      >
                        <option value="USER">{t('roles.USER')}</option>
                        <option value="ADMIN">{t('roles.ADMIN')}</option>
                      </select>
                    </td>
                    <td className="py-2 pr-3">
                      {user.disabled ? (
                        <span className="rounded-full bg-danger/10 px-2 py-0.5 text-xs font-medium text-danger">
                          {t('status.disabled')}
                        </span>
                      ) : user.pendingApproval ? (
                        <span className="inline-flex items-center gap-2">
                          <span className="rounded-full bg-warn-bg px-2 py-0.5 text-xs font-medium text-warn-fg">
                            {t('status.pending')}
                          </span>
                          <button
                            type="button"
                            className="button py-1"
                            aria-label={t('approveUser', { email: user.email })}
                            onClick={() => {
                              setChangeError(null);
                              setPending({ user, change: { approved: true } });
                            }}
                          >
                            {t('approve')}
                          </button>
                        </span>
                      ) : (
                        <span className="text-xs text-muted">
                          {user.emailVerified ? t('status.active') : t('status.activeUnverified')}
                        </span>
                      )}
                    </td>
                    <td className="whitespace-nowrap py-2 pr-3 text-xs text-muted">
                      {localeFormat.longDate(user.createdAt)}
                    </td>
                    <td className="py-2">
                      <div className="flex items-center justify-end gap-1">
                        <ResetTwoFactorButton userId={user.id} email={user.email} />
                        <button
                          type="button"
                          className={user.disabled ? 'button py-1' : 'button py-1 text-danger'}
                          disabled={isMe}
                          title={isMe ? t('ownDisable') : undefined}
                          aria-label={t(user.disabled ? 'enableUser' : 'disableUser', { email: user.email })}
                          onClick={() => {
                            setChangeError(null);
                            setPending({ user, change: { disabled: !user.disabled } });
                          }}
                        >
                          {user.disabled ? t('enable') : t('disable')}
                        </button>
                        <UserRowActions user={user} isMe={isMe} />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMoreButton query={list} label={t('loadMore')} loadingLabel={t('loadingMore')} />

      <Dialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={text?.title ?? ''}
        description={text?.description}
        actions={
          <>
            <button type="button" className="button" onClick={() => setPending(null)}>
              {t('cancel')}
            </button>
            <button
              type="button"
              className={
                pending && 'disabled' in pending.change && pending.change.disabled
                  ? 'button-danger'
                  : 'button-primary'
              }
              disabled={isSaving}
              onClick={() => void apply()}
            >
              {isSaving ? t('saving') : text?.action}
            </button>
          </>
        }
      >
        {changeError ? (
          <p
            role="alert"
            className="rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger"
          >
            {changeError}
          </p>
        ) : null}
      </Dialog>
    </Panel>
  );
}
