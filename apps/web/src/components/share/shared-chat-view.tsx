'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { isApiError } from '../../lib/api-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { useDescribeError } from '../../hooks/use-describe-error';
import { sharesApi } from '../../lib/shares-api';
import { Markdown } from '../markdown/lazy-markdown';
import { useTranslations } from 'next-intl';

/** The public, read-only page of a share link: works signed out, nothing on it can be changed. */
export function SharedChatView({ shareId }: { shareId: string }) {
  const describeError = useDescribeError();
  const t = useTranslations('share');
  const localeFormat = useLocaleFormat();
  const shared = useQuery({
    queryKey: ['shared-chat', shareId],
    queryFn: () => sharesApi.publicView(shareId),
    retry: (count, error) => !(isApiError(error) && error.status === 404) && count < 2,
  });

  if (shared.isError) {
    const isGone = isApiError(shared.error) && shared.error.status === 404;
    return (
      <main className="mx-auto flex min-h-dvh max-w-xl flex-col items-center justify-center gap-3 px-6 text-center">
        <h1 className="text-xl font-semibold">{isGone ? t('linkRemoved') : t('notLoaded')}</h1>
        <p className="text-sm text-muted">{isGone ? t('removedWhy') : describeError(shared.error)}</p>
        <Link href="/" className="text-sm underline">
          {t('goToVivier')}
        </Link>
      </main>
    );
  }
  if (!shared.data) {
    return (
      <p className="flex min-h-dvh items-center justify-center text-sm text-muted" role="status">
        {t('loading')}
      </p>
    );
  }
  const { title, messages } = shared.data;
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <header className="mb-6 border-b border-border pb-4">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-muted">
          {t('readOnly')}
          {messages[0] ? ` · ${localeFormat.longDate(messages[0].createdAt)}` : ''}
        </p>
      </header>
      <ol className="space-y-6" aria-label={t('sharedMessages')}>
        {messages.map((message, index) => (
          <li key={index}>
            {message.role === 'user' ? (
              <article aria-label={t('userMessage')} className="flex justify-end">
                <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-user px-4 py-2.5 text-[15px]">
                  {message.content}
                </div>
              </article>
            ) : (
              <article aria-label={t('assistantMessage')}>
                <Markdown content={message.content} />
              </article>
            )}
          </li>
        ))}
      </ol>
      <footer className="mt-10 border-t border-border pt-4 text-center text-xs text-muted">
        {t.rich('sharedWith', {
          link: (chunks) => (
            <Link href="/" className="underline">
              {chunks}
            </Link>
          ),
        })}
      </footer>
    </main>
  );
}
