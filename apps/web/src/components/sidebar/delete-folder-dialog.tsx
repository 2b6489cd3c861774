'use client';

import type { Folder } from '@vivier/contracts';
import { Dialog } from '../ui/dialog';

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
  const where = hasSubfolders ? 'this folder and its subfolders' : 'this folder';
  return (
    <Dialog
      open={folder !== null}
      onClose={onClose}
      title={folder ? `Delete folder “${folder.name}”?` : 'Delete folder?'}
      description={`The chats in ${where} move out to your chat list, unless you delete them too (that cannot be undone).`}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button" onClick={() => folder && onDelete(folder, false)}>
            Delete folder, keep chats
          </button>
          <button type="button" className="button-danger" onClick={() => folder && onDelete(folder, true)}>
            Delete folder and chats
          </button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
