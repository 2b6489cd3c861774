'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDescribeError } from '../../hooks/use-describe-error';
import { sharesApi, sharesQueryKey } from '../../lib/shares-api';
import { CopyButton } from '../ui/copy-button';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { useTranslations } from 'next-intl';

/** The share dialog's content, loaded when the dialog first opens (not part of the chat page's first load). */
export default function ShareDialogBody({ chatId }: { chatId: string }) {
  const describeError = useDescribeError();
  const t = useTranslations('share');
  const localeFormat = useLocaleFormat();
  const queryClient = useQueryClient();
  const shares = useQuery({ queryKey: sharesQueryKey, queryFn: sharesApi.list });
  const link = shares.data?.find((share) => share.chatId === chatId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sharesQueryKey });
  const share = useMutation({ mutationFn: () => sharesApi.share(chatId), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (id: string) => sharesApi.revoke(id), onSuccess: refresh });
  const error = shares.error ?? share.error ?? revoke.error;
  const isBusy = share.isPending || revoke.isPending;

  if (shares.isPending) {
    return (
      <p className="text-sm text-muted" role="status">
        {t('loading')}
      </p>
    );
  }
  return (
    <div className="space-y-3 text-sm">
      {link ? (
        <>
          <div className="flex items-center gap-2 rounded-lg border border-border px-3 py-2">
            <a
              href={link.url}
              target="_blank"
              rel="noreferrer"
              className="min-w-0 flex-1 truncate underline"
              // The visible URL stays part of the name (WCAG 2.5.3, label in name).
              aria-label={t('shareLink', { url: link.url })}
            >
              {link.url}
            </a>
            <CopyButton text={link.url} label={t('copyLink')} />
          </div>
          <p className="text-muted">
            {/* To the minute: "Update link" must visibly change it. */}
            {t('sharedSummary', { count: link.messageCount, date: localeFormat.dateTime(link.updatedAt) })}
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className="button" disabled={isBusy} onClick={() => revoke.mutate(link.id)}>
              {t('stopSharing')}
            </button>
            <button type="button" className="button-primary" disabled={isBusy} onClick={() => share.mutate()}>
              {share.isPending ? t('updating') : t('updateLink')}
            </button>
          </div>
        </>
      ) : (
        <div className="flex justify-end">
          <button type="button" className="button-primary" disabled={isBusy} onClick={() => share.mutate()}>
            {share.isPending ? t('creating') : t('createLink')}
          </button>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-danger">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  );
}
