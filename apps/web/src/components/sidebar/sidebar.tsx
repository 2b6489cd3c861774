'use client';

import type { Chat } from '@vivier/contracts';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { useChatMutations } from '../../hooks/use-chat-mutations';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useUiStore } from '../../stores/ui-store';
import { Dialog } from '../ui/dialog';
import { ArchiveIcon, CloseIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { AccountFooter } from './account-footer';
import { chatDropTarget } from './chat-drag';
import type { ChatItemActions } from './chat-list-item';
import { ChatListView } from './chat-list-view';
import { FolderTree } from './folder-tree';
import { MoveToFolderDialog } from './move-to-folder-dialog';
import { PinnedSection } from './pinned-section';
import { NO_FILTER, SidebarFilters, type ListFilter } from './sidebar-filters';
import { TagsDialog } from './tags-dialog';
import { useChatPages } from './use-chat-pages';
import { useTranslations } from 'next-intl';

/**
 * The chat list. Unfiltered it is organised: pinned chats, then folders (each with its chats),
 * then the chats in no folder grouped by day. A search, the archive or a folder/tag filter shows
 * one flat list instead, a search hit opening its chat at the message that matched.
 */
export function Sidebar() {
  const t = useTranslations('sidebar');
  const pathname = usePathname();
  const activeChatId = pathname.startsWith('/chat/')
    ? decodeURIComponent(pathname.slice('/chat/'.length))
    : null;
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const [showArchived, setShowArchived] = useState(false);
  const [filter, setFilter] = useState<ListFilter>(NO_FILTER);
  const [pendingDelete, setPendingDelete] = useState<Chat | null>(null);
  const [moving, setMoving] = useState<Chat | null>(null);
  const [tagging, setTagging] = useState<Chat | null>(null);
  const mutations = useChatMutations();
  const closeSidebar = useCallback(() => useUiStore.getState().setSidebarOpen(false), []);
  const isFlat = q !== '' || showArchived || filter.folderId !== '' || filter.tag !== '';

  const flat = useChatPages(
    {
      q,
      archived: showArchived,
      folderId: filter.folderId || undefined,
      tag: filter.tag || undefined,
    },
    isFlat,
  );
  const unfiled = useChatPages({ q: '', archived: false, folderId: 'none', pinned: false }, !isFlat);

  const moveChat = useCallback(
    (chatId: string, folderId: string | null) => void mutations.moveToFolder(chatId, folderId),
    [mutations],
  );
  const actions = useMemo<ChatItemActions>(
    () => ({
      rename: (chatId, title) => void mutations.rename(chatId, title),
      archive: (chatId, archived) => void mutations.setArchived(chatId, archived),
      pin: (chatId, pinned) => void mutations.setPinned(chatId, pinned),
      move: setMoving,
      editTags: setTagging,
      delete: setPendingDelete,
      navigate: closeSidebar,
    }),
    [mutations, closeSidebar],
  );

  const emptyText = q
    ? t('empty.search', { q })
    : showArchived
      ? t('empty.archived')
      : isFlat
        ? t('empty.filtered')
        : t('empty.none');

  return (
    <nav aria-label={t('chats')} className="flex h-full flex-col bg-surface">
      <div className="flex items-center gap-2 p-3">
        <Link href="/chat" onClick={closeSidebar} className="button flex-1 justify-start">
          <PlusIcon />
          {t('newChat')}
        </Link>
        <button
          type="button"
          className="icon-button md:hidden"
          aria-label={t('closeSidebar')}
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
            aria-label={t('searchChats')}
            placeholder={t('searchChats')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
            className="input pl-8"
          />
        </div>
        <SidebarFilters filter={filter} onChange={setFilter} />
        <button
          type="button"
          aria-pressed={showArchived}
          onClick={() => setShowArchived((value) => !value)}
          className={`mt-2 flex w-full items-center gap-2 rounded-md px-2 py-1 text-xs ${showArchived ? 'bg-raised text-fg' : 'text-muted hover:text-fg'}`}
        >
          <ArchiveIcon width={14} height={14} />
          {showArchived ? t('showingArchived') : t('showArchived')}
        </button>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        {isFlat ? (
          <ChatListView pages={flat} activeChatId={activeChatId} actions={actions} emptyText={emptyText} />
        ) : (
          <>
            <PinnedSection activeChatId={activeChatId} actions={actions} />
            <FolderTree activeChatId={activeChatId} actions={actions} moveChat={moveChat} />
            {/* Dropping a chat on the list of chats in no folder takes it out of its folder. */}
            <section
              aria-label={t('chatsInNoFolder')}
              data-testid="unfiled-drop-target"
              className="rounded-lg data-[drop-active]:bg-accent/10"
              {...chatDropTarget((chatId) => moveChat(chatId, null))}
            >
              <ChatListView
                pages={unfiled}
                activeChatId={activeChatId}
                actions={actions}
                emptyText={emptyText}
              />
            </section>
          </>
        )}
      </div>

      <AccountFooter />

      <MoveToFolderDialog chat={moving} onClose={() => setMoving(null)} onMove={moveChat} />
      <TagsDialog chat={tagging} onClose={() => setTagging(null)} onSave={mutations.setTags} />
      <Dialog
        open={pendingDelete !== null}
        onClose={() => setPendingDelete(null)}
        title={t('deleteTitle')}
        description={pendingDelete ? t('deleteDescription', { title: pendingDelete.title }) : undefined}
        actions={
          <>
            <button type="button" className="button" onClick={() => setPendingDelete(null)}>
              {t('cancel')}
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
              {t('delete')}
            </button>
          </>
        }
      >
        {null}
      </Dialog>
    </nav>
  );
}
