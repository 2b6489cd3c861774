'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query-client';

/** Chats whose deletion waits one tick: a remount of the same chat (React's dev checks) keeps it. */
const pendingDeletes = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * A temporary chat is deleted as soon as the person leaves it: another page of the app (unmount),
 * or the tab closing or reloading (`pagehide`, with a keepalive request). Anything that still
 * slips through (a crash, no network) goes with chat-service's sweeper after its TTL.
 */
export function useDeleteTemporaryChatOnLeave(chatId: string | null, isTemporary: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!chatId || !isTemporary) return;
    clearTimeout(pendingDeletes.get(chatId));
    pendingDeletes.delete(chatId);
    const onPageHide = () => void api.chats.remove(chatId, { keepalive: true }).catch(() => undefined);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      pendingDeletes.set(
        chatId,
        setTimeout(() => {
          pendingDeletes.delete(chatId);
          queryClient.removeQueries({ queryKey: queryKeys.chat(chatId) });
          queryClient.removeQueries({ queryKey: queryKeys.messages(chatId) });
          void api.chats.remove(chatId).catch(() => undefined);
        }, 0),
      );
    };
  }, [chatId, isTemporary, queryClient]);
}

/** The switch on a new chat: a temporary chat is not saved. */
export function TemporaryChatToggle({
  isOn,
  onChange,
}: {
  isOn: boolean;
  onChange: (isOn: boolean) => void;
}) {
  const t = useTranslations('chat.temporary');
  return (
    <button
      type="button"
      aria-pressed={isOn}
      onClick={() => onChange(!isOn)}
      title={t('toggleTitle')}
      className={`rounded-md border px-2 py-1 text-xs ${isOn ? 'border-warn-fg bg-warn-bg text-warn-fg' : 'border-border text-muted hover:text-fg'}`}
    >
      {t('toggle')}
    </button>
  );
}

/** Says plainly, above the conversation, that nothing here is kept. */
export function TemporaryChatBanner() {
  const t = useTranslations('chat.temporary');
  return (
    <div role="note" className="border-b border-border bg-warn-bg px-4 py-2 text-center text-sm text-warn-fg">
      {t.rich('banner', { strong: (chunks) => <strong>{chunks}</strong> })}
    </div>
  );
}
