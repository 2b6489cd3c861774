'use client';

import type { Chat, ChatListItem as ChatListEntry } from '@vivier/contracts';
import Link from 'next/link';
import { memo, useState } from 'react';
import { ArchiveIcon, EditIcon, MoreIcon, TrashIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { startChatDrag } from './chat-drag';
import { NameInput } from './name-input';
import { FolderIcon, PinIcon, TagIcon } from './organise-icons';
import { useTranslations } from 'next-intl';

/** What can be done to a chat from its row (the sidebar holds the dialogs). */
export interface ChatItemActions {
  rename: (chatId: string, title: string) => void;
  archive: (chatId: string, archived: boolean) => void;
  pin: (chatId: string, pinned: boolean) => void;
  /** Opens "Move to folder" (the keyboard's way; dragging onto a folder is the mouse's). */
  move: (chat: Chat) => void;
  editTags: (chat: Chat) => void;
  delete: (chat: Chat) => void;
  navigate: () => void;
}

interface ChatListItemProps {
  /** With a search, `match` holds the newest matching message's snippet (null: the title matched). */
  chat: ChatListEntry;
  isActive: boolean;
  actions: ChatItemActions;
}

/** A search hit opens the chat at the message that matched (`?m=`, see use-jump-to-message). */
const hrefOf = (chat: ChatListEntry) =>
  chat.match ? `/chat/${chat.id}?m=${encodeURIComponent(chat.match.messageId)}` : `/chat/${chat.id}`;

function ChatListItemView({ chat, isActive, actions }: ChatListItemProps) {
  const t = useTranslations('sidebar');
  const [isRenaming, setRenaming] = useState(false);

  if (isRenaming) {
    return (
      <li className="px-1">
        <NameInput
          label={t('item.chatTitle')}
          initial={chat.title}
          maxLength={200}
          className="input py-1.5"
          onDone={(title) => {
            setRenaming(false);
            if (title) actions.rename(chat.id, title);
          }}
        />
      </li>
    );
  }

  return (
    <li
      className={`group flex items-center rounded-lg ${isActive ? 'bg-raised font-medium' : 'hover:bg-raised/70'}`}
      draggable
      onDragStart={(event) => startChatDrag(event, chat.id)}
    >
      <Link
        href={hrefOf(chat)}
        aria-current={isActive ? 'page' : undefined}
        onClick={actions.navigate}
        className="min-w-0 flex-1 px-3 py-2 text-sm"
        title={chat.title}
      >
        <span className="flex items-center gap-1">
          {chat.pinned ? <PinIcon width={12} height={12} className="shrink-0 text-muted" /> : null}
          <span className="block truncate">{chat.title}</span>
        </span>
        {chat.tags.length ? (
          <span className="mt-0.5 flex flex-wrap gap-1" aria-label={t('tags.label')}>
            {chat.tags.map((tag) => (
              <span key={tag} className="rounded bg-raised px-1.5 text-[11px] font-normal text-muted">
                {`#${tag}`}
              </span>
            ))}
          </span>
        ) : null}
        {chat.match ? (
          <span data-testid="search-snippet" className="mt-0.5 line-clamp-2 text-xs font-normal text-muted">
            {chat.match.snippet}
          </span>
        ) : null}
      </Link>
      <div
        className={`pr-1 ${isActive ? '' : 'opacity-100 md:opacity-0 md:group-hover:opacity-100 md:group-focus-within:opacity-100'}`}
      >
        <Menu
          label={t('item.actions', { title: chat.title })}
          trigger={<MoreIcon />}
          items={[
            {
              label: t('item.rename'),
              icon: <EditIcon width={16} height={16} />,
              onSelect: () => setRenaming(true),
            },
            {
              label: chat.pinned ? t('item.unpin') : t('item.pin'),
              icon: <PinIcon width={16} height={16} />,
              onSelect: () => actions.pin(chat.id, !chat.pinned),
            },
            {
              label: t('item.move'),
              icon: <FolderIcon width={16} height={16} />,
              onSelect: () => actions.move(chat),
            },
            {
              label: t('item.editTags'),
              icon: <TagIcon width={16} height={16} />,
              onSelect: () => actions.editTags(chat),
            },
            {
              label: chat.archived ? t('item.unarchive') : t('item.archive'),
              icon: <ArchiveIcon width={16} height={16} />,
              onSelect: () => actions.archive(chat.id, !chat.archived),
            },
            {
              label: t('item.delete'),
              icon: <TrashIcon width={16} height={16} />,
              tone: 'danger',
              onSelect: () => actions.delete(chat),
            },
          ]}
        />
      </div>
    </li>
  );
}

export const ChatListItem = memo(ChatListItemView);
