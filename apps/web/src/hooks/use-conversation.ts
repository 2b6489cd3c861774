'use client';

import type { ChatSettings, Message, ProviderId } from '@vivier/contracts';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { api } from '../lib/api';
import { isApiError } from '../lib/api-error';
import { selectPathTo, selectSibling, visiblePath, type VisibleMessage } from '../lib/message-tree';
import { queryKeys } from '../lib/query-client';
import { isTerminalStatus } from '../lib/stream-reducer';
import { watchGeneration } from '../lib/streaming';
import { useStreamStore } from '../stores/stream-store';
import { useBranchSelection, useUiStore } from '../stores/ui-store';

const NO_MESSAGES: Message[] = [];

/** Re-reads a chat after an answer ended (content, tokens, cost, maybe a new title). */
function refreshAfterAnswer(queryClient: QueryClient, chatId: string, generationId: string) {
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.messages(chatId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.chat(chatId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.allChats }),
    ]);
  void refresh().then(() => {
    // The worker writes the message before the terminal frame, but be forgiving of a lagging read.
    const messages = queryClient.getQueryData<Message[]>(queryKeys.messages(chatId));
    if (
      messages?.some((message) => message.generationId === generationId && message.status === 'streaming')
    ) {
      setTimeout(() => void refresh(), 1500);
    }
  });
}

function follow(queryClient: QueryClient, chatId: string, generationId: string) {
  watchGeneration(generationId, () => refreshAfterAnswer(queryClient, chatId, generationId));
}

export interface NewChatOptions {
  provider: ProviderId;
  model: string;
  settings: ChatSettings;
  /** Not saved (see Chat.temporary); only when the message creates the chat. */
  temporary?: boolean;
}

/**
 * One chat's messages and what can be done with them: the visible branch, sending, stopping,
 * regenerating, editing (a new branch) and moving between branches. Every answer still being
 * written is followed over the WebSocket, including after a reload.
 */
export function useConversation(chatId: string | null) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const messagesQuery = useQuery({
    queryKey: queryKeys.messages(chatId ?? ''),
    queryFn: () => api.messages.list(chatId!),
    enabled: chatId !== null,
  });
  const messages = messagesQuery.data ?? NO_MESSAGES;
  const selection = useBranchSelection(chatId);
  const path = useMemo(() => visiblePath(messages, selection), [messages, selection]);

  useEffect(() => {
    if (!chatId) return;
    for (const message of messages) {
      if (message.role === 'assistant' && message.status === 'streaming' && message.generationId) {
        follow(queryClient, chatId, message.generationId);
      }
    }
  }, [chatId, messages, queryClient]);

  // The answer being written on the visible branch, if any. Only its status is read here, so
  // this component re-renders when the answer starts or ends, never per token.
  const live = useMemo(
    () =>
      path.findLast((entry) => entry.message.role === 'assistant' && entry.message.status === 'streaming'),
    [path],
  );
  const liveGenerationId = live?.message.generationId ?? null;
  const liveStatus = useStreamStore((store) =>
    liveGenerationId ? store.streams[liveGenerationId]?.status : undefined,
  );
  const isGenerating = live !== undefined && (liveStatus === undefined || !isTerminalStatus(liveStatus));

  /** Puts new messages in the cache, shows their branch and follows the answer. */
  const addExchange = useCallback(
    async (targetChatId: string, added: Message[], assistant: Message, generationId: string) => {
      // A refetch still in flight (the previous answer just ended) would land after this update
      // with a snapshot taken before these messages existed, and drop them.
      await queryClient.cancelQueries({ queryKey: queryKeys.messages(targetChatId) });
      const withGeneration = { ...assistant, generationId };
      const current = queryClient.getQueryData<Message[]>(queryKeys.messages(targetChatId)) ?? [];
      const ids = new Set([...added.map((message) => message.id), assistant.id]);
      const next = [...current.filter((message) => !ids.has(message.id)), ...added, withGeneration];
      queryClient.setQueryData(queryKeys.messages(targetChatId), next);
      const ui = useUiStore.getState();
      ui.setBranches(targetChatId, selectPathTo(next, ui.branches[targetChatId] ?? {}, assistant.id));
      follow(queryClient, targetChatId, generationId);
    },
    [queryClient],
  );

  // A chat created for a first message whose sending then failed: the retry reuses it.
  const createdChatId = useRef<string | null>(null);

  const send = useCallback(
    async (content: string, newChat: NewChatOptions, fileIds: string[] = []) => {
      let targetChatId = chatId ?? createdChatId.current;
      if (!targetChatId) {
        const chat = await api.chats.create({
          provider: newChat.provider,
          model: newChat.model,
          settings: newChat.settings,
          ...(newChat.temporary ? { temporary: true } : {}),
        });
        queryClient.setQueryData(queryKeys.chat(chat.id), chat);
        queryClient.setQueryData(queryKeys.messages(chat.id), []);
        createdChatId.current = chat.id;
        targetChatId = chat.id;
        void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
      }
      const parentId = chatId ? (path.at(-1)?.message.id ?? null) : null;
      const sent = await api.messages.send(targetChatId, content, parentId, fileIds);
      await addExchange(targetChatId, [sent.userMessage], sent.assistantMessage, sent.generationId);
      void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
      if (!chatId) router.replace(`/chat/${targetChatId}`);
    },
    [chatId, path, queryClient, addExchange, router],
  );

  const stop = useCallback(async () => {
    if (!liveGenerationId) return;
    try {
      await api.generations.cancel(liveGenerationId);
    } catch (error) {
      // It ended on its own in the meantime: nothing to stop.
      if (!(isApiError(error) && error.code === 'GENERATION_ENDED')) throw error;
    }
  }, [liveGenerationId]);

  const regenerate = useCallback(
    async (assistantMessageId: string) => {
      if (!chatId) return;
      const started = await api.messages.regenerate(assistantMessageId);
      await addExchange(chatId, [], started.assistantMessage, started.generationId);
    },
    [chatId, addExchange],
  );

  const edit = useCallback(
    async (messageId: string, content: string) => {
      if (!chatId) return;
      const edited = await api.messages.edit(messageId, content);
      if ('generationId' in edited && 'userMessage' in edited) {
        await addExchange(chatId, [edited.userMessage], edited.assistantMessage, edited.generationId);
      } else {
        await queryClient.invalidateQueries({ queryKey: queryKeys.messages(chatId) });
      }
    },
    [chatId, addExchange, queryClient],
  );

  const showSibling = useCallback(
    (entry: VisibleMessage<Message>, offset: number) => {
      if (!chatId) return;
      const ui = useUiStore.getState();
      ui.setBranches(chatId, selectSibling(ui.branches[chatId] ?? {}, entry, offset));
    },
    [chatId],
  );

  return { messagesQuery, path, isGenerating, send, stop, regenerate, edit, showSibling };
}
