'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { useUiStore, type Notice } from '../../stores/ui-store';
import { CloseIcon } from './icons';

function NoticeItem({ notice }: { notice: Notice }) {
  const t = useTranslations('common');
  const dismiss = useUiStore((store) => store.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), notice.tone === 'error' ? 10_000 : 4_000);
    return () => clearTimeout(timer);
  }, [dismiss, notice]);
  return (
    <div
      role={notice.tone === 'error' ? 'alert' : 'status'}
      className={`pointer-events-auto flex items-start gap-2 rounded-lg border px-3 py-2 text-sm shadow-lg ${
        notice.tone === 'error' ? 'border-danger/40 bg-raised text-danger' : 'border-border bg-raised text-fg'
      }`}
    >
      <p className="flex-1">{notice.text}</p>
      <button
        type="button"
        className="icon-button -my-1 h-6 min-w-6"
        aria-label={t('dismissNotification')}
        onClick={() => dismiss(notice.id)}
      >
        <CloseIcon width={14} height={14} />
      </button>
    </div>
  );
}

/** Errors and confirmations that are not tied to a form field. */
export function Notices() {
  const notices = useUiStore((store) => store.notices);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-24 z-50 mx-auto flex max-w-md flex-col gap-2 px-4">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

export const notifyError = (text: string) => useUiStore.getState().notify(text, 'error');
export const notifyInfo = (text: string) => useUiStore.getState().notify(text, 'info');
