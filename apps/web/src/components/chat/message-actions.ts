'use client';

import { createContext, useContext } from 'react';

/** What a message row can ask for. Stable functions, so rows stay memoised. */
export interface MessageActions {
  regenerate(messageId: string): void;
  edit(messageId: string, content: string): Promise<boolean>;
  showSibling(messageId: string, offset: number): void;
  /** A new chat holding the path up to this message ("Fork from here"). */
  fork(messageId: string): void;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);

export function useMessageActions(): MessageActions {
  const actions = useContext(MessageActionsContext);
  if (!actions) throw new Error('useMessageActions outside MessageActionsContext');
  return actions;
}
