'use client';

import type { Message } from '@vivier/contracts';
import { useDeferredValue } from 'react';
import { useStream } from '../../stores/stream-store';
import { Markdown } from '../markdown/markdown';
import { CopyButton } from '../ui/copy-button';
import { UsageLine } from './usage-line';

/**
 * The one component that re-renders per token: it subscribes to its own generation's slice of
 * the stream store. Rendering is deferred, so React may skip intermediate texts when tokens
 * arrive faster than it can paint; the rest of the list is untouched.
 */
export function StreamingBody({ message }: { message: Message }) {
  const stream = useStream(message.generationId);
  const text = stream ? stream.text : message.content;
  const shownText = useDeferredValue(text);
  const status = stream?.status ?? 'streaming';
  const isStreaming = status === 'streaming';

  return (
    <>
      <div aria-busy={isStreaming} className={isStreaming ? 'caret' : undefined}>
        {shownText ? (
          <Markdown content={shownText} isStreaming={isStreaming} />
        ) : isStreaming ? (
          <p className="text-muted" role="status">
            Thinking…
          </p>
        ) : null}
      </div>
      {status === 'error' ? (
        <p role="alert" className="mt-2 rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger">
          {stream?.error?.message ?? 'The answer failed.'}
        </p>
      ) : null}
      {status === 'cancelled' ? <p className="mt-2 text-xs text-muted">Stopped</p> : null}
      {status === 'done' ? (
        <div className="mt-1 flex items-center gap-2">
          <CopyButton text={text} label="Copy message" />
          <UsageLine usage={stream?.usage} costMicros={stream?.costMicros} />
        </div>
      ) : null}
    </>
  );
}
