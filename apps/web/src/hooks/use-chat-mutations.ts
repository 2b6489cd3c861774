'use client';

import type { Chat } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { api } from '../lib/api';
import { describeError } from '../lib/error-message';
import { queryKeys } from '../lib/query-client';
import { notifyError, notifyInfo } from '../components/ui/notices';

/** Rename, archive/unarchive and delete, each refreshing the lists that show the chat. */
export function useChatMutations() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();

  return useMemo(() => {
    const refreshLists = (chat?: Chat) => {
      if (chat) queryClient.setQueryData(queryKeys.chat(chat.id), chat);
      return queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
    };
    const isOpen = (chatId: string) => pathname === `/chat/${chatId}`;
    return {
      async rename(chatId: string, title: string) {
        try {
          await refreshLists(await api.chats.update(chatId, { title }));
        } catch (error) {
          notifyError(describeError(error));
        }
      },
      async setArchived(chatId: string, archived: boolean) {
        try {
          await refreshLists(await api.chats.update(chatId, { archived }));
          notifyInfo(archived ? 'Chat archived' : 'Chat restored from the archive');
        } catch (error) {
          notifyError(describeError(error));
        }
      },
      async remove(chatId: string) {
        try {
          await api.chats.remove(chatId);
          queryClient.removeQueries({ queryKey: queryKeys.chat(chatId) });
          queryClient.removeQueries({ queryKey: queryKeys.messages(chatId) });
          await refreshLists();
          notifyInfo('Chat deleted');
          if (isOpen(chatId)) router.push('/chat');
        } catch (error) {
          notifyError(describeError(error));
        }
      },
    };
  }, [queryClient, router, pathname]);
}
