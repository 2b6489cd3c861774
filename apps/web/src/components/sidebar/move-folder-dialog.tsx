'use client';

import type { Folder } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { Dialog } from '../ui/dialog';
import { DestinationList } from './destination-list';

/**
 * "Move into…" on a folder: under another top-level folder, or back to the top. Folders nest one
 * level (the API refuses a second), so only top-level folders are offered, and a folder that
 * has subfolders of its own is told why it cannot go inside another.
 */
export function MoveFolderDialog({
  folder,
  topLevel,
  hasSubfolders,
  onClose,
  onMove,
}: {
  folder: Folder | null;
  topLevel: Folder[];
  hasSubfolders: boolean;
  onClose: () => void;
  onMove: (folderId: string, parentId: string | null) => void;
}) {
  const t = useTranslations('sidebar.moveFolder');
  const parents = topLevel.filter((candidate) => candidate.id !== folder?.id);
  const choose = (parentId: string | null) => {
    if (folder && parentId !== folder.parentId) onMove(folder.id, parentId);
    onClose();
  };
  return (
    <Dialog
      open={folder !== null}
      onClose={onClose}
      title={t('title', { name: folder?.name ?? '' })}
      description={t('description')}
    >
      {hasSubfolders ? (
        <p role="note" className="rounded-lg border border-border bg-warn-bg px-3 py-2 text-sm text-warn-fg">
          {t('hasSubfolders', { name: folder?.name ?? '' })}
        </p>
      ) : (
        <>
          {parents.length === 0 ? <p className="mb-2 text-sm text-muted">{t('noOtherFolders')}</p> : null}
          <DestinationList
            label={t('destinations')}
            currentId={folder?.parentId}
            onChoose={choose}
            destinations={[
              { folderId: null, label: t('topLevel') },
              ...parents.map((parent) => ({ folderId: parent.id, label: parent.name })),
            ]}
          />
        </>
      )}
    </Dialog>
  );
}
