'use client';

import { useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { sharesApi, sharesQueryKey } from '../../lib/shares-api';
import { Panel } from '../ui/page-frame';
import { QueryList } from '../ui/query-list';
import { notifyError } from '../ui/notices';

/** Every chat the user has shared publicly, each one revocable from here. */
export function SharedLinksPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('account.shares');
  const localeFormat = useLocaleFormat();
  const queryClient = useQueryClient();
  const shares = useQuery({ queryKey: sharesQueryKey, queryFn: sharesApi.list });
  const revoke = useMutation({
    mutationFn: sharesApi.revoke,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sharesQueryKey }),
    onError: (error) => notifyError(describeError(error)),
  });

  return (
    <Panel title={t('title')}>
      <QueryList query={shares} loading={t('loading')} empty={t('empty')}>
        {(items) => (
          <ul className="divide-y divide-border" aria-label={t('title')}>
            {items.map((share) => (
              <li key={share.id} className="flex items-center gap-3 py-2 text-sm">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">
                    <Link href={`/chat/${share.chatId}`} className="hover:underline">
                      {share.title}
                    </Link>
                  </p>
                  <p className="truncate text-xs text-muted">
                    <a href={share.url} target="_blank" rel="noreferrer" className="underline">
                      {share.url}
                    </a>{' '}
                    {t('details', {
                      count: share.messageCount,
                      updated: localeFormat.longDate(share.updatedAt),
                    })}
                  </p>
                </div>
                <button
                  type="button"
                  className="button"
                  aria-label={t('stopLabel', { title: share.title })}
                  disabled={revoke.isPending && revoke.variables === share.id}
                  onClick={() => revoke.mutate(share.id)}
                >
                  {t('stop')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Panel>
  );
}
