'use client';

import type { Message } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useThrottledValue } from '../../hooks/use-throttled-value';
import { splitStableBlocks } from '../../lib/markdown-blocks';
import { thinkingSpanMs } from '../../lib/stream-reducer';
import { webSources } from '../../lib/tool-activity';
import { useStream } from '../../stores/stream-store';
import { MarkdownBlock } from '../markdown/lazy-markdown';
import { CopyButton } from '../ui/copy-button';
import { CitationList } from './citation-list';
import { ThinkingBlock } from './thinking-block';
import { SourceList, ToolActivityList } from './tool-activity-list';
import { UsageLine } from './usage-line';

/**
 * How often the streaming Markdown is re-rendered: ~16 times a second, less often while the
 * block being written is long (each render re-parses and re-lays out that block, so the work per
 * second stays bounded even for a 2,000-token answer without paragraph breaks).
 */
const MIN_RENDER_INTERVAL_MS = 60;
const MAX_RENDER_INTERVAL_MS = 250;
const TAIL_CHARS_PER_MS = 40;

function renderIntervalFor(tailLength: number): number {
  return Math.min(
    MAX_RENDER_INTERVAL_MS,
    Math.max(MIN_RENDER_INTERVAL_MS, Math.round(tailLength / TAIL_CHARS_PER_MS)),
  );
}

/**
 * The one component that re-renders per token: it subscribes to its own generation's slice of
 * the stream store; nothing else in the list does. Per token it only compares strings: the text
 * is rendered at most every 60–250 ms (renderIntervalFor), split into closed blocks (memoised, parsed once)
 * and the tail being written (the only part re-parsed).
 */
export function StreamingBody({ message }: { message: Message }) {
  const t = useTranslations('chat');
  const stream = useStream(message.generationId);
  const latestText = stream ? stream.text : message.content;
  const tailLength = useMemo(() => splitStableBlocks(latestText).tail.length, [latestText]);
  const throttledText = useThrottledValue(latestText, renderIntervalFor(tailLength));
  const status = stream?.status ?? 'streaming';
  const isStreaming = status === 'streaming';
  // Once the answer has ended, show all of it at once.
  const text = isStreaming ? throttledText : latestText;
  const { blocks, tail } = useMemo(() => splitStableBlocks(text), [text]);
  const reasoning = stream?.reasoning ?? '';

  return (
    <>
      {stream && reasoning ? (
        <ThinkingBlock
          reasoning={reasoning}
          durationMs={thinkingSpanMs(stream)}
          isThinking={isStreaming && stream.reasoningEndId === undefined}
        />
      ) : null}
      <ToolActivityList tools={stream?.tools ?? []} generationId={message.generationId} />
      <div aria-busy={isStreaming} className={isStreaming && (text || !reasoning) ? 'caret' : undefined}>
        {text ? (
          <div className="markdown">
            {blocks.map((block, index) => (
              <MarkdownBlock key={index} content={block} isStreaming={isStreaming} />
            ))}
            <MarkdownBlock content={tail} isStreaming={isStreaming} />
          </div>
        ) : isStreaming && !reasoning && !stream?.tools.some((tool) => !tool.result) ? (
          <p className="text-muted" role="status">
            {t('thinking.thinking')}
          </p>
        ) : null}
      </div>
      <SourceList citations={webSources(stream?.citations ?? [])} />
      {status === 'error' ? (
        <p
          role="alert"
          className="mt-2 rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger"
        >
          {stream?.error?.message ?? t('message.failure.generic')}
        </p>
      ) : null}
      {status === 'cancelled' ? <p className="mt-2 text-xs text-muted">{t('message.stopped')}</p> : null}
      <CitationList citations={(stream?.citations ?? []).filter(({ source }) => !source.url)} />
      {status === 'done' && stream ? (
        <div className="mt-1 flex items-center gap-2">
          <CopyButton text={stream.text} label={t('message.copy')} />
          <UsageLine usage={stream.usage} costMicros={stream.costMicros} />
        </div>
      ) : null}
    </>
  );
}
