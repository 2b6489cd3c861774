import type { DragEvent } from 'react';

/** The drag payload of a chat dragged in the sidebar (onto a folder, or out of one). */
const CHAT_DRAG_TYPE = 'application/x-vivier-chat';

export function startChatDrag(event: DragEvent, chatId: string) {
  event.dataTransfer.setData(CHAT_DRAG_TYPE, chatId);
  event.dataTransfer.effectAllowed = 'move';
}

const isChatDrag = (event: DragEvent) => event.dataTransfer.types.includes(CHAT_DRAG_TYPE);

/** The dragged chat's id, or null when something else was dropped. */
const droppedChatId = (event: DragEvent): string | null => event.dataTransfer.getData(CHAT_DRAG_TYPE) || null;

/**
 * Props making an element a drop target for chats: `onDropChat` gets the chat's id, and
 * `data-drop-active` is set while a chat is held over it (styled in globals.css).
 */
export function chatDropTarget(onDropChat: (chatId: string) => void) {
  const setActive = (event: DragEvent, active: boolean) => {
    if (active) event.currentTarget.setAttribute('data-drop-active', '');
    else event.currentTarget.removeAttribute('data-drop-active');
  };
  return {
    onDragOver(event: DragEvent) {
      if (!isChatDrag(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setActive(event, true);
    },
    onDragLeave: (event: DragEvent) => setActive(event, false),
    onDrop(event: DragEvent) {
      setActive(event, false);
      const chatId = droppedChatId(event);
      if (!chatId) return;
      event.preventDefault();
      onDropChat(chatId);
    },
  };
}
