'use client';

import type { Chat } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { foldersQueryKey, organiseApi } from '../../lib/organise-api';
import { Dialog } from '../ui/dialog';
import { DestinationList } from './destination-list';
import { useTranslations } from 'next-intl';

/** "Move to folder…": the keyboard's way to file a chat (the mouse can also drag it). */
export function MoveToFolderDialog({
  chat,
  onClose,
  onMove,
}: {
  chat: Chat | null;
  onClose: () => void;
  onMove: (chatId: string, folderId: string | null) => void;
}) {
  const t = useTranslations('sidebar');
  const folders = useQuery({
    queryKey: foldersQueryKey,
    queryFn: organiseApi.folders.list,
    enabled: chat !== null,
  });
  const all = folders.data ?? [];
  const nameOf = (parentId: string | null) => all.find((folder) => folder.id === parentId)?.name;
  const choose = (folderId: string | null) => {
    if (chat) onMove(chat.id, folderId);
    onClose();
  };
  return (
    <Dialog
      open={chat !== null}
      onClose={onClose}
      title={t('move.title')}
      description={chat ? t('move.description', { title: chat.title }) : undefined}
    >
      {folders.isSuccess && all.length === 0 ? (
        <p className="text-sm text-muted">{t('move.noFolders')}</p>
      ) : null}
      <DestinationList
        label={t('move.folders')}
        currentId={chat?.folderId}
        onChoose={choose}
        destinations={[
          { folderId: null, label: t('move.noFolder') },
          ...all.map((folder) => ({
            folderId: folder.id,
            label: folder.parentId ? `${nameOf(folder.parentId) ?? '…'} / ${folder.name}` : folder.name,
          })),
        ]}
      />
    </Dialog>
  );
}
