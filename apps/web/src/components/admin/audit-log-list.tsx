'use client';

import type { AuditEntry } from '@vivier/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { adminApi } from '../../lib/admin-api';
import { describeAction, diffSnapshots } from '../../lib/audit-diff';
import { describeError } from '../../lib/error-message';
import { useAuthStore } from '../../stores/auth-store';
import { LoadError, Panel } from '../ui/page-frame';
import { useLocaleFormat } from '../../i18n/use-locale-format';

function Diff({ entry }: { entry: AuditEntry }) {
  const changes = diffSnapshots(entry.before, entry.after);
  if (changes.length === 0) return <p className="text-xs text-muted">No field changed.</p>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {changes.map((change) => (
        <li key={change.field} className="break-all">
          <span className="text-muted">{change.field}: </span>
          {change.before !== null ? (
            <del className="text-danger no-underline">{change.before}</del>
          ) : (
            <span className="text-muted">(none)</span>
          )}
          <span className="text-muted" aria-label="changed to">
            {' '}
            →{' '}
          </span>
          {change.after !== null ? (
            <ins className="font-semibold no-underline">{change.after}</ins>
          ) : (
            <span className="text-muted">(removed)</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Every admin action, newest first: who, what, on which target, and what changed. */
export function AuditLogList() {
  const localeFormat = useLocaleFormat();
  const me = useAuthStore((store) => store.user);
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit-log'],
    queryFn: ({ pageParam }) => adminApi.auditLog(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((page) => page.items) ?? [], [log.data]);

  return (
    <Panel title="Audit log">
      {log.isError ? (
        <LoadError message={describeError(log.error)} onRetry={() => void log.refetch()} />
      ) : null}
      {log.isPending ? (
        <p className="text-sm text-muted" role="status">
          Loading the audit log…
        </p>
      ) : null}
      {log.isSuccess && entries.length === 0 ? (
        <p className="text-sm text-muted">No admin actions yet.</p>
      ) : null}
      <ol className="divide-y divide-border" aria-label="Audit entries">
        {entries.map((entry) => (
          <li
            key={entry.id}
            className="py-3"
            aria-label={`${describeAction(entry.action)} ${entry.targetType} ${entry.targetEmail ?? entry.targetId}`}
          >
            <div className="mb-1 flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-sm">
              <span className="font-medium">{describeAction(entry.action)}</span>
              <span className="text-muted">
                on {entry.targetType}{' '}
                {entry.targetEmail ? (
                  <span className="text-fg">{entry.targetEmail}</span>
                ) : (
                  <code className="text-xs">{entry.targetId}</code>
                )}
              </span>
              <span className="ml-auto whitespace-nowrap text-xs text-muted">
                <time dateTime={entry.createdAt}>{localeFormat.dateTime(entry.createdAt)}</time>
              </span>
            </div>
            <p className="mb-1 text-xs text-muted">
              by{' '}
              {entry.actorId === me?.id
                ? `you (${me.email})`
                : (entry.actorEmail ?? <code title="This account no longer exists">{entry.actorId}</code>)}
            </p>
            <Diff entry={entry} />
          </li>
        ))}
      </ol>
      {log.hasNextPage ? (
        <button
          type="button"
          className="button mt-3"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </Panel>
  );
}
