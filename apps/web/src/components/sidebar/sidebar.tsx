'use client';

import type { Chat } from '@vivier/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useChatMutations } from '../../hooks/use-chat-mutations';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { api } from '../../lib/api';
import { groupChatsByDate } from '../../lib/chat-groups';
import { describeError } from '../../lib/error-message';
import { queryKeys } from '../../lib/query-client';
import { useUiStore } from '../../stores/ui-store';
import { Dialog } from '../ui/dialog';
import { ArchiveIcon, CloseIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { AccountFooter } from './account-footer';
import { ChatListItem } from './chat-list-item';

/** Chats newest first, grouped by day, with server search, archive view and infinite scroll. */
export function Sidebar() {
  const pathname = usePathname();
  const activeChatId = pathname.startsWith('/chat/')
    ? decodeURIComponent(pathname.slice('/chat/'.length))
    : null;
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const [showArchived, setShowArchived] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<Chat | null>(null);
  const mutations = useChatMutations();
  const closeSidebar = useCallback(() => useUiStore.getState().setSidebarOpen(false), []);

  const list = useInfiniteQuery({
    queryKey: queryKeys.chats({ q, archived: showArchived }),
    queryFn: ({ pageParam }) =>
      api.chats.list({ q: q || undefined, archived: showArchived, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const chats = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const groups = useMemo(() => groupChatsByDate(chats, new Date()), [chats]);

  // Infinite scroll: load the next page when the end of the list comes into view.
  const sentinelRef = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const onRename = useCallback(
    (chatId: string, title: string) => void mutations.rename(chatId, title),
    [mutations],
  );
  const onArchive = useCallback(
    (chatId: string, archived: boolean) => void mutations.setArchived(chatId, archived),
    [mutations],
  );

  return (
    <nav aria-label="Chats" className="flex h-full flex-col bg-surface">
      <div className="flex items-center gap-2 p-3">
        <Link href="/chat" onClick={closeSidebar} className="button flex-1 justify-start">
          <PlusIcon />
          New chat
        </Link>
        <button
          type="button"
          className="icon-button md:hidden"
          aria-label="Close sidebar"
          onClick={closeSidebar}
        >
          <CloseIcon />
        </button>
      </div>
      <div className="px-3 pb-2">
        <div className="relative">
          <SearchIcon
            className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-muted"
            width={16}
            height={16}
          />
          <input
            id="chat-search"
            type="search"
            aria-label="Search chats"
            placeholder="Search chats"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
            className="input pl-8"
          />
        </div>
        <button
          type="button"
          aria-pressed={showArchived}
          onClick={() => setShowArchived((value) => !value)}
          className={`mt-2 flex w-full items-center gap-2 rounded-md px-2 py-1 text-xs ${showArchived ? 'bg-raised text-fg' : 'text-muted hover:text-fg'}`}
        >
          <ArchiveIcon width={14} height={14} />
          {showArchived ? 'Showing archived chats' : 'Show archived chats'}
        </button>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3" aria-busy={list.isFetching}>
        {list.isError ? (
          <p role="alert" className="px-2 py-3 text-sm text-danger">
            {describeError(list.error)}{' '}
            <button type="button" className="underline" onClick={() => void list.refetch()}>
              Retry
            </button>
          </p>
        ) : null}
        {list.isPending ? <p className="px-2 py-3 text-sm text-muted">Loading chats…</p> : null}
        {list.isSuccess && chats.length === 0 ? (
          <p className="px-2 py-3 text-sm text-muted">
            {q ? `No chats match “${q}”.` : showArchived ? 'No archived chats.' : 'No chats yet. Start one!'}
          </p>
        ) : null}
        {groups.map((group) => (
          <section key={group.label} aria-label={group.label} className="mb-3">
            <h2 className="px-3 pb-1 pt-2 text-xs font-medium text-muted">{group.label}</h2>
            <ul className="space-y-0.5">
              {group.items.map((chat) => (
                <ChatListItem
                  key={chat.id}
                  chat={chat}
                  isActive={chat.id === activeChatId}
                  onRename={onRename}
                  onArchive={onArchive}
                  onDelete={setPendingDelete}
                  onNavigate={closeSidebar}
                />
              ))}
            </ul>
          </section>
        ))}
        <div ref={sentinelRef} />
        {hasNextPage ? (
          <button
            type="button"
            className="button mx-2 w-[calc(100%-1rem)]"
            disabled={isFetchingNextPage}
            onClick={() => void fetchNextPage()}
          >
            {isFetchingNextPage ? 'Loading…' : 'Load more chats'}
          </button>
        ) : null}
      </div>

      <AccountFooter />

      <Dialog
        open={pendingDelete !== null}
        onClose={() => setPendingDelete(null)}
        title="Delete chat?"
        description={
          pendingDelete
            ? `“${pendingDelete.title}” and all its messages will be deleted. This cannot be undone.`
            : undefined
        }
        actions={
          <>
            <button type="button" className="button" onClick={() => setPendingDelete(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                const chat = pendingDelete;
                setPendingDelete(null);
                if (chat) void mutations.remove(chat.id);
              }}
            >
              Delete
            </button>
          </>
        }
      >
        {null}
      </Dialog>
    </nav>
  );
}
