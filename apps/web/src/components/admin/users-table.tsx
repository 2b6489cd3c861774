'use client';

import type { Role, UserAdminList, UserAdminView } from '@vivier/contracts';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { adminApi } from '../../lib/admin-api';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { describeError } from '../../lib/error-message';
import { useAuthStore } from '../../stores/auth-store';
import { Dialog } from '../ui/dialog';
import { SearchIcon } from '../ui/icons';
import { notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { NewUserButton, UserRowActions } from './user-lifecycle';
import { ResetTwoFactorButton } from './reset-two-factor-button';

type PendingChange = {
  user: UserAdminView;
  change: { role: Role } | { disabled: boolean } | { approved: true };
};

const usersKey = (q: string) => ['admin', 'users', q] as const;

function confirmText({ user, change }: PendingChange): {
  title: string;
  description: string;
  action: string;
} {
  const who = user.name ? `${user.name} (${user.email})` : user.email;
  if ('approved' in change) {
    return {
      title: 'Approve user?',
      description: `${who} signed up and is waiting for approval. Once approved they can use Vivier.`,
      action: 'Approve',
    };
  }
  if ('role' in change) {
    return change.role === 'ADMIN'
      ? {
          title: 'Make admin?',
          description: `${who} will be able to manage users, providers and prices.`,
          action: 'Make admin',
        }
      : {
          title: 'Remove admin role?',
          description: `${who} will become a regular user.`,
          action: 'Make user',
        };
  }
  return change.disabled
    ? {
        title: 'Disable user?',
        description: `${who} will be signed out everywhere at once and will not be able to sign in.`,
        action: 'Disable',
      }
    : { title: 'Enable user?', description: `${who} will be able to sign in again.`, action: 'Enable' };
}

function outcomeOf(change: PendingChange['change'], updated: UserAdminView): string {
  if ('approved' in change) return 'approved';
  if ('role' in change) return `now ${updated.role === 'ADMIN' ? 'an admin' : 'a user'}`;
  return updated.disabled ? 'disabled' : 'enabled';
}

/** Every user, newest first: search (debounced), role, disable/enable (confirmed), "Load more". */
export function UsersTable() {
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
      notifyInfo(`${updated.email}: ${outcomeOf(pending.change, updated)}`);
      setPending(null);
    } catch (error) {
      setChangeError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  const text = pending ? confirmText(pending) : null;

  return (
    <Panel title="Users" actions={<NewUserButton />}>
      <div className="relative mb-3 max-w-sm">
        <SearchIcon
          className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-muted"
          width={16}
          height={16}
        />
        <input
          type="search"
          aria-label="Search users"
          placeholder="Search by email or name"
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
          Loading users…
        </p>
      ) : null}
      {list.isSuccess && users.length === 0 ? (
        <p className="py-3 text-sm text-muted">{q ? `No users match “${q}”.` : 'No users yet.'}</p>
      ) : null}
      {users.length > 0 ? (
        <div className="-mx-4 overflow-x-auto px-4" aria-busy={list.isFetching}>
          <table className="w-full min-w-[44rem] text-left text-sm">
            <thead className="text-xs text-muted">
              <tr className="border-b border-border">
                <th className="py-2 pr-3 font-medium">User</th>
                <th className="py-2 pr-3 font-medium">Role</th>
                <th className="py-2 pr-3 font-medium">Status</th>
                <th className="py-2 pr-3 font-medium">Joined</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const isMe = user.id === me?.id;
                return (
                  <tr key={user.id} className="border-b border-border last:border-0" aria-label={user.email}>
                    <td className="max-w-64 py-2 pr-3">
                      <p className="truncate font-medium">
                        {user.name ?? user.email}
                        {isMe ? <span className="ml-1 text-xs font-normal text-muted">(you)</span> : null}
                      </p>
                      {user.name ? <p className="truncate text-xs text-muted">{user.email}</p> : null}
                    </td>
                    <td className="py-2 pr-3">
                      <select
                        aria-label={`Role of ${user.email}`}
                        value={user.role}
                        disabled={isMe}
                        title={isMe ? 'You cannot change your own role' : undefined}
                        onChange={(event) => {
                          setChangeError(null);
                          setPending({ user, change: { role: event.target.value as Role } });
                        }}
                        className="rounded-md border border-border bg-canvas px-2 py-1 text-sm disabled:opacity-50"
                      >
                        <option value="USER">User</option>
                        <option value="ADMIN">Admin</option>
                      </select>
                    </td>
                    <td className="py-2 pr-3">
                      {user.disabled ? (
                        <span className="rounded-full bg-danger/10 px-2 py-0.5 text-xs font-medium text-danger">
                          Disabled
                        </span>
                      ) : user.pendingApproval ? (
                        <span className="inline-flex items-center gap-2">
                          <span className="rounded-full bg-warn-bg px-2 py-0.5 text-xs font-medium text-warn-fg">
                            Pending approval
                          </span>
                          <button
                            type="button"
                            className="button py-1"
                            aria-label={`Approve ${user.email}`}
                            onClick={() => {
                              setChangeError(null);
                              setPending({ user, change: { approved: true } });
                            }}
                          >
                            Approve
                          </button>
                        </span>
                      ) : (
                        <span className="text-xs text-muted">
                          Active{user.emailVerified ? '' : ' · unverified'}
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
                          title={isMe ? 'You cannot disable yourself' : undefined}
                          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
                          onClick={() => {
                            setChangeError(null);
                            setPending({ user, change: { disabled: !user.disabled } });
                          }}
                        >
                          {user.disabled ? 'Enable' : 'Disable'}
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
      {list.hasNextPage ? (
        <button
          type="button"
          className="button mt-3"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}

      <Dialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={text?.title ?? ''}
        description={text?.description}
        actions={
          <>
            <button type="button" className="button" onClick={() => setPending(null)}>
              Cancel
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
              {isSaving ? 'Saving…' : text?.action}
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
