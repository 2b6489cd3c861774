'use client';

import { useRouter } from 'next/navigation';
import { lazy, Suspense, useEffect } from 'react';
import { isTypingTarget, matchShortcut } from '../../lib/shortcuts';
import { useUiStore } from '../../stores/ui-store';
import { isDialogOpen } from '../ui/dialog';

// The list itself is fetched the first time it is opened: it is not part of the first load.
const ShortcutsDialog = lazy(() => import('./shortcuts-dialog'));

const isWideScreen = () => window.matchMedia('(min-width: 768px)').matches;

function toggleSidebar() {
  const ui = useUiStore.getState();
  if (isWideScreen()) ui.setSidebarCollapsed(!ui.isSidebarCollapsed);
  else ui.setSidebarOpen(!ui.isSidebarOpen);
}

function focusSearch() {
  const ui = useUiStore.getState();
  if (isWideScreen()) ui.setSidebarCollapsed(false);
  else ui.setSidebarOpen(true);
  // After the sidebar has been shown (it stays mounted, only hidden).
  requestAnimationFrame(() => {
    const search = document.getElementById('chat-search');
    if (search instanceof HTMLInputElement) {
      search.focus();
      search.select();
    }
  });
}

/**
 * The app-wide shortcuts of the signed-in frame and the dialog listing them. "Copy the last
 * answer" and Esc (stop) belong to the chat screen, which knows the conversation.
 */
export function KeyboardShortcuts() {
  const router = useRouter();
  const isOpen = useUiStore((store) => store.isShortcutsOpen);
  const setOpen = useUiStore((store) => store.setShortcutsOpen);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = matchShortcut(event, isTypingTarget(event.target as HTMLElement | null));
      if (!shortcut || shortcut === 'copyLastAnswer') return;
      // Another dialog has the focus trapped: only its own keys apply.
      if (isDialogOpen() && !(shortcut === 'showShortcuts' && useUiStore.getState().isShortcutsOpen)) return;
      event.preventDefault();
      if (shortcut === 'newChat') {
        useUiStore.getState().setSidebarOpen(false);
        router.push('/chat');
      } else if (shortcut === 'focusSearch') focusSearch();
      else if (shortcut === 'toggleSidebar') toggleSidebar();
      else setOpen(!useUiStore.getState().isShortcutsOpen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [router, setOpen]);

  if (!isOpen) return null;
  return (
    <Suspense fallback={null}>
      <ShortcutsDialog onClose={() => setOpen(false)} />
    </Suspense>
  );
}
