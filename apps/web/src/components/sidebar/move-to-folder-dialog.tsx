'use client';

import type { Chat } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { foldersQueryKey, organiseApi } from '../../lib/organise-api';
import { Dialog } from '../ui/dialog';
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
  const option = (folderId: string | null, label: string) => (
    <li key={folderId ?? 'none'}>
      <button
        type="button"
        aria-current={chat?.folderId === folderId ? 'true' : undefined}
        className="w-full rounded-md px-3 py-2 text-left text-sm hover:bg-surface aria-[current]:font-semibold"
        onClick={() => choose(folderId)}
      >
        {label}
      </button>
    </li>
  );
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
      <ul aria-label={t('move.folders')} className="max-h-80 space-y-0.5 overflow-y-auto">
        {option(null, t('move.noFolder'))}
        {all.map((folder) =>
          option(
            folder.id,
            folder.parentId ? `${nameOf(folder.parentId) ?? '…'} / ${folder.name}` : folder.name,
          ),
        )}
      </ul>
    </Dialog>
  );
}
