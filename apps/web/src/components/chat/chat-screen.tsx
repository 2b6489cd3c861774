'use client';

import type { ChatSettings, Model } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useConversation } from '../../hooks/use-conversation';
import { api } from '../../lib/api';
import { isApiError } from '../../lib/api-error';
import { useDescribeError } from '../../hooks/use-describe-error';
import { defaultModel, findModel, isOfflineDemoOnly, isProviderId, modelKey } from '../../lib/model-choice';
import { queryKeys } from '../../lib/query-client';
import { sendReadiness } from '../../lib/send-queue';
import { sharesApi } from '../../lib/shares-api';
import { useUiStore } from '../../stores/ui-store';
import { useCopyLastAnswerShortcut } from '../shortcuts/use-copy-last-answer';
import { isDialogOpen } from '../ui/dialog';
import { MenuIcon, SlidersIcon } from '../ui/icons';
import { notifyError } from '../ui/notices';
import { ChatSettingsDialog } from './chat-settings-dialog';
import { Composer } from './composer';
import { ExportMenu } from './export-menu';
import { ShareButton } from './share-dialog';
import { MessageActionsContext, type MessageActions } from './message-actions';
import { MessageList, type MessageListHandle } from './message-list';
import { ModelPicker } from './model-picker';
import { QuotaNotice } from './quota-notice';
import { ReasoningEffortSelect, withReasoningEffort } from './reasoning-effort-select';
import { JumpToMessage } from './jump-to-message';
import { TemporaryChatBanner, TemporaryChatToggle, useDeleteTemporaryChatOnLeave } from './temporary-chat';
import { useTranslations } from 'next-intl';

const LAST_MODEL_KEY = 'vivier-last-model';

function readLastModel(): string | null {
  try {
    return localStorage.getItem(LAST_MODEL_KEY);
  } catch {
    return null;
  }
}
function rememberModel(model: Model) {
  try {
    localStorage.setItem(LAST_MODEL_KEY, modelKey(model));
  } catch {
    // not kept: fine
  }
}

function OfflineDemoBanner() {
  const t = useTranslations('chat');
  return (
    <div role="note" className="border-b border-border bg-warn-bg px-4 py-2 text-center text-sm text-warn-fg">
      {t.rich('demoNotice', { strong: (chunks) => <strong>{chunks}</strong> })}
      <span className="hidden sm:inline"> {t('demoConfigure')}</span>
    </div>
  );
}

interface Draft {
  provider: string;
  model: string;
  settings: ChatSettings;
}

/** A chat (or a new one when `chatId` is null): header, messages and composer. */
export function ChatScreen({ chatId }: { chatId: string | null }) {
  const describeError = useDescribeError();
  const t = useTranslations('chat');
  const queryClient = useQueryClient();
  const router = useRouter();
  const models = useQuery({ queryKey: queryKeys.models, queryFn: api.models.list, staleTime: 5 * 60_000 });
  const chat = useQuery({
    queryKey: queryKeys.chat(chatId ?? ''),
    queryFn: () => api.chats.get(chatId!),
    enabled: chatId !== null,
  });
  const conversation = useConversation(chatId);
  const listRef = useRef<MessageListHandle>(null);
  const [isSettingsOpen, setSettingsOpen] = useState(false);
  const isSidebarCollapsed = useUiStore((store) => store.isSidebarCollapsed);
  // A refused message (allowance spent) is explained by the composer, where the text stays.
  const [quotaMessage, setQuotaMessage] = useState<string | null>(null);
  // A new chat may start temporary; an existing one is what the server says it is.
  const [startsTemporary, setStartsTemporary] = useState(false);
  const isTemporary = chatId ? (chat.data?.temporary ?? false) : startsTemporary;
  useDeleteTemporaryChatOnLeave(chatId, chat.data?.temporary ?? false);

  // A new chat's choices live here until its first message creates it: the person's own choice,
  // else the default model. Derived, not set by an effect, so it exists in the very render the
  // model list arrives in and a message queued before then goes out right after it.
  const [chosen, setChosen] = useState<Draft | null>(null);
  const modelList = useMemo(() => models.data ?? [], [models.data]);
  const initialDraft = useMemo<Draft | null>(() => {
    if (chatId || modelList.length === 0) return null;
    const initial = defaultModel(modelList, readLastModel());
    return initial ? { provider: initial.provider, model: initial.id, settings: {} } : null;
  }, [chatId, modelList]);
  const draft = chosen ?? initialDraft;

  const current = chatId ? chat.data : draft;
  const title = chatId ? (chat.data?.title ?? '') : t('newChat');

  // Esc stops the answer being written (unless a dialog or menu takes it).
  const { isGenerating, stop } = conversation;
  useEffect(() => {
    if (!isGenerating) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isDialogOpen()) return;
      void stop().catch((error: unknown) => notifyError(describeError(error)));
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isGenerating, stop, describeError]);

  useCopyLastAnswerShortcut(conversation.path);

  // Rows get stable functions that always reach the latest conversation state.
  const latest = useRef(conversation);
  latest.current = conversation;
  const actions = useMemo<MessageActions>(
    () => ({
      regenerate: (messageId) => {
        listRef.current?.followLatest();
        latest.current.regenerate(messageId).catch((error: unknown) => notifyError(describeError(error)));
      },
      edit: async (messageId, content) => {
        try {
          await latest.current.edit(messageId, content);
          listRef.current?.followLatest();
          return true;
        } catch (error) {
          notifyError(describeError(error));
          return false;
        }
      },
      showSibling: (messageId, offset) => {
        const entry = latest.current.path.find((candidate) => candidate.message.id === messageId);
        if (entry) latest.current.showSibling(entry, offset);
      },
      fork: (messageId) => {
        sharesApi
          .fork(messageId)
          .then((forked) => {
            void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
            router.push(`/chat/${forked.id}`);
          })
          .catch((error: unknown) => notifyError(describeError(error)));
      },
    }),
    [queryClient, router, describeError],
  );

  const changeModel = async (model: Model) => {
    rememberModel(model);
    if (!chatId) {
      setChosen({ provider: model.provider, model: model.id, settings: draft?.settings ?? {} });
      return;
    }
    if (!isProviderId(model.provider)) return;
    try {
      queryClient.setQueryData(
        queryKeys.chat(chatId),
        await api.chats.update(chatId, { provider: model.provider, model: model.id }),
      );
    } catch (error) {
      notifyError(describeError(error));
    }
  };

  const saveSettings = async (settings: ChatSettings): Promise<boolean> => {
    if (!chatId) {
      if (draft) setChosen({ ...draft, settings });
      return true;
    }
    try {
      queryClient.setQueryData(queryKeys.chat(chatId), await api.chats.updateSettings(chatId, settings));
      return true;
    } catch (error) {
      notifyError(describeError(error));
      return false;
    }
  };

  const send = async (content: string, fileIds: string[]): Promise<boolean> => {
    if (!current) return false;
    listRef.current?.followLatest();
    try {
      await conversation.send(
        content,
        {
          provider: current.provider,
          model: current.model,
          settings: current.settings,
          temporary: isTemporary,
        },
        fileIds,
      );
      setQuotaMessage(null);
      return true;
    } catch (error) {
      if (isApiError(error) && error.code === 'QUOTA_EXCEEDED') setQuotaMessage(describeError(error));
      else notifyError(describeError(error));
      return false;
    }
  };

  const messagesQuery = conversation.messagesQuery;
  const loadError = models.error ?? chat.error ?? messagesQuery.error;
  const isRetrying = models.isFetching || chat.isFetching || messagesQuery.isFetching;
  const retryLoading = () => {
    if (models.isError) void models.refetch();
    if (chat.isError) void chat.refetch();
    if (messagesQuery.isError) void messagesQuery.refetch();
  };
  const readiness = sendReadiness(
    chatId
      ? {
          needs: 'chat',
          has: chat.data !== undefined && messagesQuery.data !== undefined,
          failed: (chat.isError && !chat.isFetching) || (messagesQuery.isError && !messagesQuery.isFetching),
        }
      : { needs: 'models', has: current !== null, failed: models.isError && !models.isFetching },
    models.isSuccess && modelList.length === 0,
  );
  const isEmpty = conversation.path.length === 0;
  const supportsReasoning = current
    ? (findModel(modelList, current.provider, current.model)?.capabilities.reasoning ?? false)
    : false;

  return (
    <MessageActionsContext.Provider value={actions}>
      <header className="flex items-center gap-2 border-b border-border px-3 py-2">
        <button
          type="button"
          className={`icon-button ${isSidebarCollapsed ? '' : 'md:hidden'}`}
          aria-label={t('openSidebar')}
          onClick={() => {
            useUiStore.getState().setSidebarOpen(true);
            useUiStore.getState().setSidebarCollapsed(false);
          }}
        >
          <MenuIcon />
        </button>
        <h1 className="min-w-0 flex-1 truncate text-sm font-semibold sm:text-base" title={title}>
          {title}
        </h1>
        {current ? (
          <ModelPicker
            models={modelList}
            provider={current.provider}
            model={current.model}
            disabled={conversation.isGenerating}
            onChange={(model) => void changeModel(model)}
          />
        ) : null}
        {current && supportsReasoning ? (
          // The chat's own setting (the same one the settings dialog edits), saved as it changes.
          <ReasoningEffortSelect
            id="picker-reasoning-effort"
            compact
            value={current.settings.reasoningEffort ?? ''}
            disabled={conversation.isGenerating}
            onChange={(effort) => void saveSettings(withReasoningEffort(current.settings, effort))}
          />
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label={t('chatSettings')}
          title={t('chatSettings')}
          disabled={!current}
          onClick={() => setSettingsOpen(true)}
        >
          <SlidersIcon />
        </button>
        {chatId ? null : <TemporaryChatToggle isOn={startsTemporary} onChange={setStartsTemporary} />}
        {chatId && chat.data && !isTemporary ? <ShareButton chatId={chatId} /> : null}
        {chatId && chat.data ? <ExportMenu chatId={chatId} title={chat.data.title} /> : null}
      </header>
      {isOfflineDemoOnly(modelList) ? <OfflineDemoBanner /> : null}
      {isTemporary ? <TemporaryChatBanner /> : null}
      {chatId ? <JumpToMessage chatId={chatId} messages={conversation.messagesQuery.data} /> : null}
      {chatId &&
      chat.data &&
      models.isSuccess &&
      modelList.length > 0 &&
      !modelList.some((model) => model.provider === chat.data.provider && model.id === chat.data.model) ? (
        <div role="note" className="border-b border-border bg-warn-bg px-4 py-2 text-sm text-warn-fg">
          {t('modelUnavailable', { model: chat.data.model })}
        </div>
      ) : null}
      {loadError ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-border bg-danger/10 px-4 py-2 text-sm text-danger"
        >
          <span className="flex-1">
            {t('load.failed', {
              problem: models.error ? t('modelsNotLoaded') : t('chatNotLoaded'),
              reason: describeError(loadError),
            })}
          </span>
          <button
            type="button"
            className="font-medium underline disabled:no-underline disabled:opacity-60"
            disabled={isRetrying}
            onClick={retryLoading}
          >
            {isRetrying ? t('tryingAgain') : t('tryAgain')}
          </button>
        </div>
      ) : null}

      {isEmpty ? (
        <div className="flex min-h-0 flex-1 flex-col items-center justify-center px-6 text-center">
          {chatId && messagesQuery.isPending ? (
            <p className="text-sm text-muted" role="status">
              {t('loadingMessages')}
            </p>
          ) : (
            <>
              <h2 className="mb-2 text-2xl font-semibold">{t('howCanIHelp')}</h2>
              <p className="max-w-md text-sm text-muted">
                {models.isSuccess && modelList.length === 0 ? t('noModels') : t('emptyHint')}
              </p>
            </>
          )}
        </div>
      ) : (
        <MessageList ref={listRef} path={conversation.path} isBusy={conversation.isGenerating} />
      )}

      {quotaMessage ? <QuotaNotice message={quotaMessage} onDismiss={() => setQuotaMessage(null)} /> : null}
      <Composer
        isGenerating={conversation.isGenerating}
        readiness={readiness}
        onSend={send}
        onStop={() => void stop().catch((error: unknown) => notifyError(describeError(error)))}
        placeholder={chatId ? t('placeholderReply') : t('placeholderNew')}
      />
      <ChatSettingsDialog
        open={isSettingsOpen}
        settings={current?.settings ?? {}}
        supportsReasoning={supportsReasoning}
        onClose={() => setSettingsOpen(false)}
        onSave={saveSettings}
      />
    </MessageActionsContext.Provider>
  );
}
