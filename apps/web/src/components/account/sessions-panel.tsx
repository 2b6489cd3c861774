'use client';

import { useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { accountApi } from '../../lib/account-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { deviceName } from '../../lib/device-name';
import { Panel } from '../ui/page-frame';
import { QueryList } from '../ui/query-list';
import { notifyError } from '../ui/notices';

export const sessionsQueryKey = ['account', 'sessions'] as const;

/** Where the account is signed in; any other device can be signed out from here. */
export function SessionsPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('account.sessions');
  const tDevice = useTranslations('account.sessions.device');
  const { longDate } = useLocaleFormat();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: sessionsQueryKey, queryFn: accountApi.sessions });
  const revoke = useMutation({
    mutationFn: accountApi.revokeSession,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
    onError: (error) => notifyError(describeError(error)),
  });

  return (
    <Panel title={t('title')}>
      <QueryList query={sessions} loading={t('loading')}>
        {(items) => (
          <ul className="divide-y divide-border" aria-label={t('title')}>
            {items.map((session) => (
              <li key={session.id} className="flex items-center gap-3 py-2 text-sm">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">
                    {deviceName(session.userAgent, tDevice)}
                    {session.current ? (
                      <span className="ml-2 text-xs text-muted">{t('thisDevice')}</span>
                    ) : null}
                  </p>
                  <p className="truncate text-xs text-muted">
                    {t('details', {
                      ip: session.ip ?? t('unknownAddress'),
                      signedIn: longDate(session.createdAt),
                      lastActive: longDate(session.lastUsedAt),
                    })}
                  </p>
                </div>
                {session.current ? null : (
                  <button
                    type="button"
                    className="button"
                    disabled={revoke.isPending && revoke.variables === session.id}
                    onClick={() => revoke.mutate(session.id)}
                  >
                    {t('signOut')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Panel>
  );
}
