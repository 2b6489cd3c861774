'use client';

import type { Chat, UpdateChatRequest } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { usePathname, useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { api } from '../lib/api';
import { tagsQueryKey } from '../lib/organise-api';
import { queryKeys } from '../lib/query-client';
import { notifyError, notifyInfo } from '../components/ui/notices';
import { useDescribeError } from './use-describe-error';

/** Rename, archive/unarchive, delete, pin, file and tag, each refreshing the lists that show the chat. */
export function useChatMutations() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const t = useTranslations('sidebar.notices');
  const describeError = useDescribeError();

  return useMemo(() => {
    const refreshLists = (chat?: Chat) => {
      if (chat) queryClient.setQueryData(queryKeys.chat(chat.id), chat);
      return queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
    };
    /** One PATCH; false (and a notice) when it was refused. */
    const update = async (chatId: string, body: UpdateChatRequest): Promise<boolean> => {
      try {
        await refreshLists(await api.chats.update(chatId, body));
        return true;
      } catch (error) {
        notifyError(describeError(error));
        return false;
      }
    };
    const isOpen = (chatId: string) => pathname === `/chat/${chatId}`;
    return {
      rename: (chatId: string, title: string) => update(chatId, { title }),
      async setArchived(chatId: string, archived: boolean) {
        if (await update(chatId, { archived })) {
          notifyInfo(archived ? t('archived') : t('restored'));
        }
      },
      setPinned: (chatId: string, pinned: boolean) => update(chatId, { pinned }),
      /** Into a folder, or out of any with null. */
      moveToFolder: (chatId: string, folderId: string | null) => update(chatId, { folderId }),
      async setTags(chatId: string, tags: string[]) {
        const saved = await update(chatId, { tags });
        if (saved) await queryClient.invalidateQueries({ queryKey: tagsQueryKey });
        return saved;
      },
      async remove(chatId: string) {
        try {
          await api.chats.remove(chatId);
          queryClient.removeQueries({ queryKey: queryKeys.chat(chatId) });
          queryClient.removeQueries({ queryKey: queryKeys.messages(chatId) });
          await refreshLists();
          notifyInfo(t('deleted'));
          if (isOpen(chatId)) router.push('/chat');
        } catch (error) {
          notifyError(describeError(error));
        }
      },
    };
  }, [queryClient, router, pathname, t, describeError]);
}
