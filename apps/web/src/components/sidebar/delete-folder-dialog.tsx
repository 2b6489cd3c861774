'use client';

import type { Folder } from '@vivier/contracts';
import { Dialog } from '../ui/dialog';
import { useTranslations } from 'next-intl';

/** Deleting a folder says what happens to its chats and lets the person choose. */
export function DeleteFolderDialog({
  folder,
  hasSubfolders,
  onClose,
  onDelete,
}: {
  folder: Folder | null;
  hasSubfolders: boolean;
  onClose: () => void;
  onDelete: (folder: Folder, deleteChats: boolean) => void;
}) {
  const t = useTranslations('sidebar');
  return (
    <Dialog
      open={folder !== null}
      onClose={onClose}
      title={folder ? t('deleteFolder.title', { name: folder.name }) : t('deleteFolder.titleAny')}
      description={t('deleteFolder.description', { hasSubfolders: String(hasSubfolders) })}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button" onClick={() => folder && onDelete(folder, false)}>
            {t('deleteFolder.keepChats')}
          </button>
          <button type="button" className="button-danger" onClick={() => folder && onDelete(folder, true)}>
            {t('deleteFolder.withChats')}
          </button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
