'use client';

import { ChatListItem, type ChatItemActions } from './chat-list-item';
import { useChatPages } from './use-chat-pages';
import { useTranslations } from 'next-intl';

/** Pinned chats, at the top of the sidebar, whichever folder they are in; nothing when none. */
export function PinnedSection({
  activeChatId,
  actions,
}: {
  activeChatId: string | null;
  actions: ChatItemActions;
}) {
  const t = useTranslations('sidebar');
  const { chats } = useChatPages({ q: '', archived: false, pinned: true });
  if (chats.length === 0) return null;
  return (
    <section aria-label={t('pinned')} className="mb-3">
      <h2 className="px-3 pb-1 pt-2 text-xs font-medium text-muted">{t('pinned')}</h2>
      <ul className="space-y-0.5">
        {chats.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} isActive={chat.id === activeChatId} actions={actions} />
        ))}
      </ul>
    </section>
  );
}
