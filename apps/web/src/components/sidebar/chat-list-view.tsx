'use client';

import { useMemo } from 'react';
import { groupChatsByDate } from '../../lib/chat-groups';
import { useDescribeError } from '../../hooks/use-describe-error';
import { ChatListItem, type ChatItemActions } from './chat-list-item';
import type { useChatPages } from './use-chat-pages';
import { useTranslations } from 'next-intl';

interface ChatListViewProps {
  pages: ReturnType<typeof useChatPages>;
  activeChatId: string | null;
  actions: ChatItemActions;
  emptyText: string;
  /** Group by day of last activity (the main list); a folder's few chats stay one list. */
  byDate?: boolean;
  label?: string;
}

/** A list of chats with its loading, error, empty and "load more" states. */
export function ChatListView({
  pages,
  activeChatId,
  actions,
  emptyText,
  byDate = true,
  label,
}: ChatListViewProps) {
  const describeError = useDescribeError();
  const t = useTranslations('sidebar');
  const { list, chats, sentinelRef } = pages;
  const groups = useMemo(
    () =>
      byDate
        ? groupChatsByDate(chats, new Date()).map((group) => ({ ...group, label: t(`group.${group.label}`) }))
        : [{ label: label ?? t('chats'), items: chats }],
    [byDate, chats, label, t],
  );
  return (
    <div aria-busy={list.isFetching}>
      {list.isError ? (
        <p role="alert" className="px-2 py-3 text-sm text-danger">
          {describeError(list.error)}{' '}
          <button type="button" className="underline" onClick={() => void list.refetch()}>
            {t('retry')}
          </button>
        </p>
      ) : null}
      {list.isPending ? <p className="px-2 py-3 text-sm text-muted">{t('loadingChats')}</p> : null}
      {list.isSuccess && chats.length === 0 ? (
        <p className="px-2 py-2 text-sm text-muted">{emptyText}</p>
      ) : null}
      {groups.map((group) =>
        group.items.length ? (
          <section key={group.label} aria-label={group.label} className={byDate ? 'mb-3' : ''}>
            {byDate ? <h2 className="px-3 pb-1 pt-2 text-xs font-medium text-muted">{group.label}</h2> : null}
            <ul className="space-y-0.5">
              {group.items.map((chat) => (
                <ChatListItem
                  key={chat.id}
                  chat={chat}
                  isActive={chat.id === activeChatId}
                  actions={actions}
                />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      <div ref={sentinelRef} />
      {list.hasNextPage ? (
        <button
          type="button"
          className="button mx-2 w-[calc(100%-1rem)]"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? t('loading') : t('loadMoreChats')}
        </button>
      ) : null}
    </div>
  );
}
