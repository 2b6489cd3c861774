'use client';

import { lazy, Suspense, useState } from 'react';
import { Dialog } from '../ui/dialog';
import { ShareIcon } from '../ui/icons';

const ShareDialogBody = lazy(() => import('./share-dialog-body'));

/**
 * "Share" in the chat header: a public, read-only snapshot of the visible branch. The link keeps
 * its URL when updated; new messages reach it only through "Update link".
 */
export function ShareButton({ chatId }: { chatId: string }) {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="Share chat"
        title="Share chat"
        onClick={() => setOpen(true)}
      >
        <ShareIcon />
      </button>
      <Dialog
        open={isOpen}
        onClose={() => setOpen(false)}
        title="Share chat"
        description="Anyone with the link can read this conversation, without signing in. Messages you add later are not shared until you update the link."
      >
        {isOpen ? (
          <Suspense
            fallback={
              <p className="text-sm text-muted" role="status">
                Loading…
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
