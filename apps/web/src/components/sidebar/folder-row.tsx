'use client';

import type { Folder } from '@vivier/contracts';
import { useState } from 'react';
import { ChevronRightIcon, EditIcon, MoreIcon, PlusIcon, TrashIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { chatDropTarget } from './chat-drag';
import type { ChatItemActions } from './chat-list-item';
import { ChatListView } from './chat-list-view';
import { NameInput } from './name-input';
import { FolderIcon } from './organise-icons';
import { useChatPages } from './use-chat-pages';
import type { useFolderMutations } from './use-folder-mutations';
import { useTranslations } from 'next-intl';

interface FolderRowProps {
  folder: Folder;
  subfolders: Folder[];
  activeChatId: string | null;
  actions: ChatItemActions;
  folderActions: ReturnType<typeof useFolderMutations>;
  moveChat: (chatId: string, folderId: string | null) => void;
  askDelete: (folder: Folder) => void;
}

/** A folder: collapsible (remembered), a drop target for chats, its subfolders then its chats. */
export function FolderRow({
  folder,
  subfolders,
  activeChatId,
  actions,
  folderActions,
  moveChat,
  askDelete,
}: FolderRowProps) {
  const t = useTranslations('sidebar');
  const [isRenaming, setRenaming] = useState(false);
  const [isAddingSubfolder, setAddingSubfolder] = useState(false);
  const isExpanded = !folder.collapsed || isAddingSubfolder;
  const pages = useChatPages({ q: '', archived: false, folderId: folder.id }, isExpanded);

  return (
    <li aria-label={t('folder.label', { name: folder.name })}>
      {isRenaming ? (
        <NameInput
          label={t('folder.name')}
          initial={folder.name}
          onDone={(name) => {
            setRenaming(false);
            if (name) void folderActions.update(folder.id, { name });
          }}
        />
      ) : (
        <div
          className="group flex items-center rounded-lg hover:bg-raised/70 data-[drop-active]:bg-accent/15 data-[drop-active]:ring-2 data-[drop-active]:ring-accent"
          data-testid="folder-drop-target"
          {...chatDropTarget((chatId) => moveChat(chatId, folder.id))}
        >
          <button
            type="button"
            aria-expanded={isExpanded}
            onClick={() => void folderActions.setCollapsed(folder.id, isExpanded)}
            className="flex min-w-0 flex-1 items-center gap-1.5 px-2 py-1.5 text-left text-sm"
          >
            <ChevronRightIcon
              width={14}
              height={14}
              className={`shrink-0 text-muted transition-transform ${isExpanded ? 'rotate-90' : ''}`}
            />
            <FolderIcon width={16} height={16} className="shrink-0 text-muted" />
            <span className="truncate">{folder.name}</span>
          </button>
          <div className="pr-1 opacity-100 md:opacity-0 md:group-hover:opacity-100 md:group-focus-within:opacity-100">
            <Menu
              label={t('folder.actions', { name: folder.name })}
              trigger={<MoreIcon />}
              items={[
                {
                  label: t('folder.rename'),
                  icon: <EditIcon width={16} height={16} />,
                  onSelect: () => setRenaming(true),
                },
                // Folders nest one level: only a top-level folder takes subfolders.
                ...(folder.parentId === null
                  ? [
                      {
                        label: t('folder.newSubfolder'),
                        icon: <PlusIcon width={16} height={16} />,
                        onSelect: () => setAddingSubfolder(true),
                      },
                    ]
                  : []),
                {
                  label: t('folder.delete'),
                  icon: <TrashIcon width={16} height={16} />,
                  tone: 'danger' as const,
                  onSelect: () => askDelete(folder),
                },
              ]}
            />
          </div>
        </div>
      )}
      {isExpanded ? (
        <div className="ml-3 border-l border-border pl-1">
          {isAddingSubfolder ? (
            <NameInput
              label={t('folder.newSubfolderName')}
              onDone={(name) => {
                setAddingSubfolder(false);
                if (name) void folderActions.create(name, folder.id);
              }}
            />
          ) : null}
          {subfolders.length ? (
            <ul aria-label={t('folder.subfolders', { name: folder.name })} className="space-y-0.5">
              {subfolders.map((subfolder) => (
                <FolderRow
                  key={subfolder.id}
                  folder={subfolder}
                  subfolders={[]}
                  activeChatId={activeChatId}
                  actions={actions}
                  folderActions={folderActions}
                  moveChat={moveChat}
                  askDelete={askDelete}
                />
              ))}
            </ul>
          ) : null}
          <ChatListView
            pages={pages}
            activeChatId={activeChatId}
            actions={actions}
            byDate={false}
            label={folder.name}
            emptyText={t('folder.empty')}
          />
        </div>
      ) : null}
    </li>
  );
}
