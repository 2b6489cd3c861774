'use client';

import type { Message } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { isTypingTarget, matchShortcut } from '../../lib/shortcuts';
import { copyText } from '../ui/copy-button';
import { notifyError, notifyInfo } from '../ui/notices';

/** Ctrl/Cmd+Shift+C copies the last answer shown in this chat (the branch on screen). */
export function useCopyLastAnswerShortcut(path: readonly { message: Message }[]) {
  const t = useTranslations('shortcuts.copyLastAnswer');
  const latest = useRef(path);
  latest.current = path;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (matchShortcut(event, isTypingTarget(event.target as HTMLElement | null)) !== 'copyLastAnswer')
        return;
      event.preventDefault();
      const answer = latest.current.findLast(
        (entry) => entry.message.role === 'assistant' && entry.message.content.length > 0,
      );
      if (!answer) {
        notifyInfo(t('nothing'));
        return;
      }
      void copyText(answer.message.content).then((copied) =>
        copied ? notifyInfo(t('copied')) : notifyError(t('failed')),
      );
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [t]);
}
