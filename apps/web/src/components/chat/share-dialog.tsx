'use client';

import { lazy, Suspense, useState } from 'react';
import { Dialog } from '../ui/dialog';
import { ShareIcon } from '../ui/icons';
import { useTranslations } from 'next-intl';

const ShareDialogBody = lazy(() => import('./share-dialog-body'));

/**
 * "Share" in the chat header: a public, read-only snapshot of the visible branch. The link keeps
 * its URL when updated; new messages reach it only through "Update link".
 */
export function ShareButton({ chatId }: { chatId: string }) {
  const t = useTranslations('share');
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label={t('shareChat')}
        title={t('shareChat')}
        onClick={() => setOpen(true)}
      >
        <ShareIcon />
      </button>
      <Dialog
        open={isOpen}
        onClose={() => setOpen(false)}
        title={t('shareChat')}
        description={t('description')}
      >
        {isOpen ? (
          <Suspense
            fallback={
              <p className="text-sm text-muted" role="status">
                {t('loading')}
              </p>
            }
          >
            <ShareDialogBody chatId={chatId} />
          </Suspense>
        ) : null}
      </Dialog>
    </>
  );
}
