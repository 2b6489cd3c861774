'use client';

import type { AuditEntry } from '@vivier/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { adminApi } from '../../lib/admin-api';
import { describeAction, diffSnapshots } from '../../lib/audit-diff';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { useAuthStore } from '../../stores/auth-store';
import { LoadMoreButton } from '../ui/load-more-button';
import { LoadError, Panel } from '../ui/page-frame';

function Diff({ entry }: { entry: AuditEntry }) {
  const t = useTranslations('admin.audit');
  const changes = diffSnapshots(entry.before, entry.after);
  if (changes.length === 0) return <p className="text-xs text-muted">{t('noFieldChanged')}</p>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {changes.map((change) => (
        <li key={change.field} className="break-all">
          <span className="text-muted">{`${change.field}: `}</span>
          {change.before !== null ? (
            <del className="text-danger no-underline">{change.before}</del>
          ) : (
            <span className="text-muted">{t('none')}</span>
          )}
          <span className="text-muted" aria-label={t('changedTo')}>
            {' '}
            {'→ '}
          </span>
          {change.after !== null ? (
            <ins className="font-semibold no-underline">{change.after}</ins>
          ) : (
            <span className="text-muted">{t('removed')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Every admin action, newest first: who, what, on which target, and what changed. */
export function AuditLogList() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.audit');
  const localeFormat = useLocaleFormat();
  const me = useAuthStore((store) => store.user);
  // Known actions are worded in the catalog; one added later still reads as its words.
  const action = (name: string) => {
    const key = `actions.${name}` as Parameters<typeof t>[0];
    return t.has(key) ? t(key) : describeAction(name);
  };
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit-log'],
    queryFn: ({ pageParam }) => adminApi.auditLog(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((page) => page.items) ?? [], [log.data]);

  return (
    <Panel title={t('title')}>
      {log.isError ? (
        <LoadError message={describeError(log.error)} onRetry={() => void log.refetch()} />
      ) : null}
      {log.isPending ? (
        <p className="text-sm text-muted" role="status">
          {t('loading')}
        </p>
      ) : null}
      {log.isSuccess && entries.length === 0 ? <p className="text-sm text-muted">{t('empty')}</p> : null}
      <ol className="divide-y divide-border" aria-label={t('entries')}>
        {entries.map((entry) => (
          <li
            key={entry.id}
            className="py-3"
            aria-label={`${action(entry.action)} ${entry.targetType} ${entry.targetEmail ?? entry.targetId}`}
          >
            <div className="mb-1 flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-sm">
              <span className="font-medium">{action(entry.action)}</span>
              <span className="text-muted">
                {t.rich('on', {
                  type: entry.targetType,
                  target: () =>
                    entry.targetEmail ? (
                      <span className="text-fg">{entry.targetEmail}</span>
                    ) : (
                      <code className="text-xs">{entry.targetId}</code>
                    ),
                })}
              </span>
              <span className="ml-auto whitespace-nowrap text-xs text-muted">
                <time dateTime={entry.createdAt}>{localeFormat.dateTime(entry.createdAt)}</time>
              </span>
            </div>
            <p className="mb-1 text-xs text-muted">
              {t.rich('by', {
                actor: () =>
                  entry.actorId === me?.id
                    ? t('byYou', { email: me.email })
                    : (entry.actorEmail ?? <code title={t('actorGone')}>{entry.actorId}</code>),
              })}
            </p>
            <Diff entry={entry} />
          </li>
        ))}
      </ol>
      <LoadMoreButton query={log} label={t('loadMore')} loadingLabel={t('loadingMore')} />
    </Panel>
  );
}
