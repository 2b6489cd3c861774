'use client';

import type { Message } from '@vivier/contracts';
import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef } from 'react';
import { selectPathTo } from '../../lib/message-tree';
import { useUiStore } from '../../stores/ui-store';

/** How long the message jumped to stays highlighted. */
const HIGHLIGHT_MS = 4_000;
/** How long to wait for the message's row to be rendered (a branch switch, lazy Markdown). */
const FIND_TIMEOUT_MS = 3_000;

/**
 * Scrolls the row's own scroller (the message list) so the row sits in the middle. Not
 * scrollIntoView: it would also scroll the page itself, pushing the header and sidebar up.
 */
function centreInScroller(row: HTMLElement) {
  let scroller = row.parentElement;
  while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY))
    scroller = scroller.parentElement;
  if (!scroller) return;
  const rowBox = row.getBoundingClientRect();
  const scrollerBox = scroller.getBoundingClientRect();
  scroller.scrollTop +=
    rowBox.top - scrollerBox.top - Math.max(0, (scroller.clientHeight - rowBox.height) / 2);
}

/**
 * `/chat/<id>?m=<messageId>` (a search hit) opens the chat at that message: its branch is shown
 * (whichever sibling the reader had selected), it is scrolled to the middle of the view and
 * highlighted (`data-jump-target`, styled in globals.css). Once per message id in the URL.
 */
function useJumpToMessage(chatId: string, messages: readonly Message[] | undefined) {
  const target = useSearchParams().get('m');
  const done = useRef<string | null>(null);
  const isMounted = useRef(true);
  useEffect(() => {
    isMounted.current = true;
    return () => {
      isMounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!target || !messages || done.current === target) return;
    if (!messages.some((message) => message.id === target)) return;
    done.current = target;
    const ui = useUiStore.getState();
    ui.setBranches(chatId, selectPathTo(messages, ui.branches[chatId] ?? {}, target));

    // Not cancelled when the messages are refetched meanwhile (this effect runs again then):
    // only leaving the chat stops the search for the row.
    const startedAt = performance.now();
    // The row appears after the branch switch renders: look for it frame by frame.
    const find = () => {
      if (!isMounted.current) return;
      const row = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(target)}"]`);
      if (!row) {
        if (performance.now() - startedAt < FIND_TIMEOUT_MS) requestAnimationFrame(find);
        return;
      }
      row.setAttribute('data-jump-target', '');
      centreInScroller(row);
      setTimeout(() => row.removeAttribute('data-jump-target'), HIGHLIGHT_MS);
    };
    // Two frames: the message list first scrolls to its end as it mounts; the jump comes after.
    requestAnimationFrame(() => requestAnimationFrame(find));
  }, [chatId, target, messages]);
}

/**
 * Renders nothing; in its own Suspense boundary because reading the URL's query makes a page
 * render on the client only, and the rest of the chat screen need not wait for that.
 */
export function JumpToMessage({
  chatId,
  messages,
}: {
  chatId: string;
  messages: readonly Message[] | undefined;
}) {
  return (
    <Suspense fallback={null}>
      <JumpToMessageEffect chatId={chatId} messages={messages} />
    </Suspense>
  );
}

function JumpToMessageEffect({
  chatId,
  messages,
}: {
  chatId: string;
  messages: readonly Message[] | undefined;
}) {
  useJumpToMessage(chatId, messages);
  return null;
}
