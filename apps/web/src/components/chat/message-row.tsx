'use client';

import type { Message } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { memo, useState } from 'react';
import { Markdown } from '../markdown/lazy-markdown';
import { CopyButton } from '../ui/copy-button';
import { EditIcon, ForkIcon, RefreshIcon } from '../ui/icons';
import { MessageAttachments } from './attachment-lazy';
import { BranchNav } from './branch-nav';
import { CitationList } from './citation-list';
import { useMessageActions } from './message-actions';
import { MessageEditor } from './message-editor';
import { StreamingBody } from './streaming-body';
import { ThinkingBlock } from './thinking-block';
import { SourceList, ToolActivityList } from './tool-activity-list';
import { storedCitations, storedToolActivity } from '../../lib/tool-activity';
import { UsageLine } from './usage-line';

interface MessageRowProps {
  message: Message;
  /** Position among its siblings and how many there are (branch navigation). */
  index: number;
  siblingCount: number;
  /** An answer is being written in this chat: no edits or regenerations meanwhile. */
  isBusy: boolean;
}

const failureKeys = {
  PROVIDER_AUTH: 'providerAuth',
  PROVIDER_RATE_LIMITED: 'providerRateLimited',
  PROVIDER_UNAVAILABLE: 'providerUnavailable',
  PROVIDER_TIMEOUT: 'providerTimeout',
  CONTEXT_TOO_LONG: 'contextTooLong',
  CONTENT_FILTERED: 'contentFiltered',
  QUOTA_EXCEEDED: 'quotaExceeded',
} as const;

const failureKeyOf = (code: string | null | undefined) =>
  code && Object.hasOwn(failureKeys, code) ? failureKeys[code as keyof typeof failureKeys] : 'generic';

function ForkButton({ messageId, disabled }: { messageId: string; disabled: boolean }) {
  const actions = useMessageActions();
  const t = useTranslations('chat.message');
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t('fork')}
      title={t('fork')}
      disabled={disabled}
      onClick={() => actions.fork(messageId)}
    >
      <ForkIcon width={16} height={16} />
    </button>
  );
}

function UserMessage({ message, index, siblingCount, isBusy }: MessageRowProps) {
  const actions = useMessageActions();
  const [isEditing, setEditing] = useState(false);
  const t = useTranslations('chat.message');
  return (
    <article
      aria-label={t('yours')}
      data-message-id={message.id}
      className="group flex flex-col items-end gap-1"
    >
      {message.fileIds?.length ? <MessageAttachments fileIds={message.fileIds} /> : null}
      {isEditing ? (
        <MessageEditor
          initial={message.content}
          onSave={(content) => actions.edit(message.id, content)}
          onCancel={() => setEditing(false)}
        />
      ) : message.content.length > 0 ? (
        <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-user px-4 py-2.5 text-[15px]">
          {message.content}
        </div>
      ) : null}
      {!isEditing ? (
        <div className="flex items-center gap-0.5 opacity-100 transition-opacity md:opacity-0 md:group-hover:opacity-100 md:group-focus-within:opacity-100 [&:has(nav)]:opacity-100">
          <BranchNav
            index={index}
            count={siblingCount}
            disabled={isBusy}
            onMove={(offset) => actions.showSibling(message.id, offset)}
          />
          {message.content.length > 0 ? <CopyButton text={message.content} label={t('copy')} /> : null}
          <button
            type="button"
            className="icon-button"
            aria-label={t('edit')}
            title={t('edit')}
            disabled={isBusy}
            onClick={() => setEditing(true)}
          >
            <EditIcon width={16} height={16} />
          </button>
          <ForkButton messageId={message.id} disabled={isBusy} />
        </div>
      ) : null}
    </article>
  );
}

function AssistantMessage({ message, index, siblingCount, isBusy }: MessageRowProps) {
  const actions = useMessageActions();
  const isStreaming = message.status === 'streaming';
  const t = useTranslations('chat.message');
  return (
    <article aria-label={t('assistant')} data-message-id={message.id} className="group">
      {isStreaming ? (
        <StreamingBody message={message} />
      ) : (
        <>
          {message.reasoning ? (
            <ThinkingBlock
              reasoning={message.reasoning}
              durationMs={message.reasoningMs ?? undefined}
              isThinking={false}
            />
          ) : null}
          <ToolActivityList tools={storedToolActivity(message)} />
          {message.content ? <Markdown content={message.content} /> : null}
          <SourceList citations={storedCitations(message)} />
          {message.status === 'failed' ? (
            <p
              role="alert"
              className="mt-2 rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger"
            >
              {t(`failure.${failureKeyOf(message.errorCode)}`)}
              {message.errorCode ? ` (${message.errorCode})` : ''}
            </p>
          ) : null}
          {message.status === 'cancelled' ? <p className="mt-2 text-xs text-muted">{t('stopped')}</p> : null}
          {message.citations?.length ? <CitationList citations={message.citations} /> : null}
        </>
      )}
      {!isStreaming || siblingCount > 1 ? (
        <div className="mt-1 flex flex-wrap items-center gap-0.5">
          <BranchNav
            index={index}
            count={siblingCount}
            disabled={isBusy}
            onMove={(offset) => actions.showSibling(message.id, offset)}
          />
          {!isStreaming ? (
            <>
              {message.content.length > 0 ? <CopyButton text={message.content} label={t('copy')} /> : null}
              <button
                type="button"
                className="icon-button"
                aria-label={t('regenerate')}
                title={t('regenerate')}
                disabled={isBusy}
                onClick={() => actions.regenerate(message.id)}
              >
                <RefreshIcon width={16} height={16} />
              </button>
              <ForkButton messageId={message.id} disabled={isBusy} />
              <span className="ml-1">
                <UsageLine usage={message.usage} costMicros={message.costMicros} />
              </span>
            </>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/**
 * One message. Memoised on the message object (React Query keeps unchanged messages' identity
 * across refetches), so new tokens or new messages never re-render finished ones.
 */
function MessageRowView(props: MessageRowProps) {
  if (props.message.role === 'system') return null;
  return props.message.role === 'user' ? <UserMessage {...props} /> : <AssistantMessage {...props} />;
}

export const MessageRow = memo(MessageRowView);
