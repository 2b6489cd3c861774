'use client';

import type { Folder, UpdateFolderRequest } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { foldersQueryKey, organiseApi } from '../../lib/organise-api';
import { queryKeys } from '../../lib/query-client';
import { notifyError, notifyInfo } from '../ui/notices';

/** Create, rename, collapse and delete folders, keeping the sidebar's lists in step. */
export function useFolderMutations() {
  const describeError = useDescribeError();
  const t = useTranslations('sidebar.notices');
  const queryClient = useQueryClient();
  return useMemo(() => {
    const refresh = () => queryClient.invalidateQueries({ queryKey: foldersQueryKey });
    const run = async (work: () => Promise<unknown>): Promise<boolean> => {
      try {
        await work();
        return true;
      } catch (error) {
        notifyError(describeError(error));
        return false;
      } finally {
        await refresh();
      }
    };
    return {
      create: (name: string, parentId: string | null) =>
        run(() => organiseApi.folders.create({ name, parentId })),
      update: (folderId: string, body: UpdateFolderRequest) =>
        run(() => organiseApi.folders.update(folderId, body)),
      /** Shown at once, saved behind: collapsing is remembered on the server for the next visit. */
      setCollapsed(folderId: string, collapsed: boolean) {
        queryClient.setQueryData<Folder[]>(foldersQueryKey, (folders) =>
          folders?.map((folder) => (folder.id === folderId ? { ...folder, collapsed } : folder)),
        );
        return run(() => organiseApi.folders.update(folderId, { collapsed }));
      },
      async remove(folderId: string, deleteChats: boolean) {
        const removed = await run(() => organiseApi.folders.remove(folderId, deleteChats));
        if (!removed) return;
        await queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
        notifyInfo(deleteChats ? t('folderAndChatsDeleted') : t('folderDeleted'));
      },
    };
  }, [queryClient, describeError, t]);
}
