'use client';

import type { Chat, ChatListItem as ChatListEntry } from '@vivier/contracts';
import Link from 'next/link';
import { memo, useState } from 'react';
import { ArchiveIcon, EditIcon, MoreIcon, TrashIcon } from '../ui/icons';
import { Menu } from '../ui/menu';

interface ChatListItemProps {
  /** With a search, `match` holds the newest matching message's snippet (null: the title matched). */
  chat: ChatListEntry;
  isActive: boolean;
  onRename: (chatId: string, title: string) => void;
  onArchive: (chatId: string, archived: boolean) => void;
  onDelete: (chat: Chat) => void;
  onNavigate: () => void;
}

function ChatListItemView({ chat, isActive, onRename, onArchive, onDelete, onNavigate }: ChatListItemProps) {
  const [isRenaming, setRenaming] = useState(false);

  if (isRenaming) {
    const finish = (input: HTMLInputElement, save: boolean) => {
      const title = input.value.trim();
      setRenaming(false);
      if (save && title && title !== chat.title) onRename(chat.id, title);
    };
    return (
      <li className="px-1">
        <input
          aria-label="Chat title"
          defaultValue={chat.title}
          maxLength={200}
          autoFocus
          onFocus={(event) => event.currentTarget.select()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') finish(event.currentTarget, true);
            if (event.key === 'Escape') {
              event.stopPropagation();
              finish(event.currentTarget, false);
            }
          }}
          onBlur={(event) => finish(event.currentTarget, true)}
          className="input py-1.5"
        />
      </li>
    );
  }

  return (
    <li
      className={`group flex items-center rounded-lg ${isActive ? 'bg-raised font-medium' : 'hover:bg-raised/70'}`}
    >
      <Link
        href={`/chat/${chat.id}`}
        aria-current={isActive ? 'page' : undefined}
        onClick={onNavigate}
        className="min-w-0 flex-1 px-3 py-2 text-sm"
        title={chat.title}
      >
        <span className="block truncate">{chat.title}</span>
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
          label={`Actions for ${chat.title}`}
          trigger={<MoreIcon />}
          items={[
            { label: 'Rename', icon: <EditIcon width={16} height={16} />, onSelect: () => setRenaming(true) },
            {
              label: chat.archived ? 'Unarchive' : 'Archive',
              icon: <ArchiveIcon width={16} height={16} />,
              onSelect: () => onArchive(chat.id, !chat.archived),
            },
            {
              label: 'Delete',
              icon: <TrashIcon width={16} height={16} />,
              tone: 'danger',
              onSelect: () => onDelete(chat),
            },
          ]}
        />
      </div>
    </li>
  );
}

export const ChatListItem = memo(ChatListItemView);
