'use client';

import type { Folder } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { foldersQueryKey, organiseApi } from '../../lib/organise-api';
import { PlusIcon } from '../ui/icons';
import type { ChatItemActions } from './chat-list-item';
import { DeleteFolderDialog } from './delete-folder-dialog';
import { NameInput } from './name-input';
import { FolderRow } from './folder-row';
import { MoveFolderDialog } from './move-folder-dialog';
import { useFolderMutations } from './use-folder-mutations';
import { useTranslations } from 'next-intl';

interface FolderTreeProps {
  activeChatId: string | null;
  actions: ChatItemActions;
  moveChat: (chatId: string, folderId: string | null) => void;
}

/** The "Folders" section: top-level folders by name, each with its subfolders and chats. */
export function FolderTree({ activeChatId, actions, moveChat }: FolderTreeProps) {
  const t = useTranslations('sidebar');
  const folders = useQuery({ queryKey: foldersQueryKey, queryFn: organiseApi.folders.list });
  const folderActions = useFolderMutations();
  const [isCreating, setCreating] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<Folder | null>(null);
  const [pendingMove, setPendingMove] = useState<Folder | null>(null);
  const { topLevel, childrenOf } = useMemo(() => {
    const all = folders.data ?? [];
    const children = new Map<string, Folder[]>();
    for (const folder of all) {
      if (folder.parentId) children.set(folder.parentId, [...(children.get(folder.parentId) ?? []), folder]);
    }
    return { topLevel: all.filter((folder) => folder.parentId === null), childrenOf: children };
  }, [folders.data]);

  return (
    <section aria-label={t('move.folders')} className="mb-3">
      <div className="flex items-center justify-between px-3 pb-1 pt-2">
        <h2 className="text-xs font-medium text-muted">{t('move.folders')}</h2>
        <button
          type="button"
          className="rounded p-0.5 text-muted hover:bg-raised hover:text-fg"
          aria-label={t('folders.new')}
          title={t('folders.new')}
          onClick={() => setCreating(true)}
        >
          <PlusIcon width={14} height={14} />
        </button>
      </div>
      {isCreating ? (
        <NameInput
          label={t('folders.newName')}
          onDone={(name) => {
            setCreating(false);
            if (name) void folderActions.create(name, null);
          }}
        />
      ) : null}
      {folders.isSuccess && topLevel.length === 0 && !isCreating ? (
        <p className="px-3 text-xs text-muted">{t('folders.none')}</p>
      ) : null}
      <ul className="space-y-0.5">
        {topLevel.map((folder) => (
          <FolderRow
            key={folder.id}
            folder={folder}
            subfolders={childrenOf.get(folder.id) ?? []}
            activeChatId={activeChatId}
            actions={actions}
            folderActions={folderActions}
            moveChat={moveChat}
            askDelete={setPendingDelete}
            askMove={setPendingMove}
          />
        ))}
      </ul>
      <MoveFolderDialog
        folder={pendingMove}
        topLevel={topLevel}
        hasSubfolders={pendingMove ? (childrenOf.get(pendingMove.id)?.length ?? 0) > 0 : false}
        onClose={() => setPendingMove(null)}
        onMove={(folderId, parentId) => void folderActions.update(folderId, { parentId })}
      />
      <DeleteFolderDialog
        folder={pendingDelete}
        hasSubfolders={pendingDelete ? (childrenOf.get(pendingDelete.id)?.length ?? 0) > 0 : false}
        onClose={() => setPendingDelete(null)}
        onDelete={(folder, deleteChats) => {
          setPendingDelete(null);
          void folderActions.remove(folder.id, deleteChats);
        }}
      />
    </section>
  );
}
