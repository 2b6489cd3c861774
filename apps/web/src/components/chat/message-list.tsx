'use client';

import type { Message } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { VisibleMessage } from '../../lib/message-tree';
import { ArrowDownIcon } from '../ui/icons';
import { MessageRow } from './message-row';

/** Closer than this to the bottom counts as "following the answer". */
const PINNED_DISTANCE_PX = 80;

export interface MessageListHandle {
  /** Jump to the end and follow again (after sending). */
  followLatest(): void;
}

/**
 * The visible branch. While the reader is at the bottom it follows new text (a ResizeObserver
 * on the content, so no per-token work here); scrolling up stops that until they come back or
 * press "Scroll to latest".
 */
export function MessageList({
  path,
  isBusy,
  ref,
}: {
  path: VisibleMessage<Message>[];
  isBusy: boolean;
  ref?: Ref<MessageListHandle>;
}) {
  const t = useTranslations('chat.message');
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const isPinned = useRef(true);
  const lastScrollTop = useRef(0);
  const [showJump, setShowJump] = useState(false);

  const scrollToEnd = useCallback(() => {
    const scroller = scrollRef.current;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, []);

  const followLatest = useCallback(() => {
    isPinned.current = true;
    setShowJump(false);
    scrollToEnd();
  }, [scrollToEnd]);

  useImperativeHandle(ref, () => ({ followLatest }), [followLatest]);

  useEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const observer = new ResizeObserver(() => {
      if (isPinned.current) scrollToEnd();
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, [scrollToEnd]);

  const onScroll = () => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const distance = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
    // Only the reader moving up lets go: content growing between our scroll and this event
    // also leaves a distance, but never moves scrollTop up.
    const movedUp = scroller.scrollTop < lastScrollTop.current - 1;
    lastScrollTop.current = scroller.scrollTop;
    if (distance < PINNED_DISTANCE_PX) isPinned.current = true;
    else if (movedUp) isPinned.current = false;
    setShowJump(!isPinned.current);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="h-full overflow-y-auto"
        data-testid="message-scroller"
      >
        <section
          ref={contentRef}
          aria-label={t('conversation')}
          className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6"
        >
          {path.map((entry) => (
            <MessageRow
              key={entry.message.id}
              message={entry.message}
              index={entry.index}
              siblingCount={entry.siblingIds.length}
              isBusy={isBusy}
            />
          ))}
        </section>
      </div>
      {showJump ? (
        <button
          type="button"
          onClick={followLatest}
          aria-label={t('scrollToLatest')}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border border-border bg-raised p-2 shadow-md"
        >
          <ArrowDownIcon />
        </button>
      ) : null}
    </div>
  );
}
