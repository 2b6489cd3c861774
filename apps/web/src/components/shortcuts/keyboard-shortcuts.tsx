'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { isTypingTarget, matchShortcut, SHORTCUTS, shortcutKeys } from '../../lib/shortcuts';
import { useUiStore } from '../../stores/ui-store';
import { Dialog, isDialogOpen } from '../ui/dialog';

const isWideScreen = () => window.matchMedia('(min-width: 768px)').matches;
const isMacLike = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

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

  const isMac = isOpen && isMacLike();
  const rows = [
    ...SHORTCUTS.filter((shortcut) => shortcut.key !== '/').map((shortcut) => ({
      label: shortcut.label,
      keys: shortcutKeys(shortcut, isMac),
    })),
    { label: 'Stop the answer being written', keys: ['Esc'] },
    { label: 'Send the message', keys: ['Enter'] },
    { label: 'New line in the message', keys: [isMac ? '⇧' : 'Shift', 'Enter'] },
  ];
  return (
    <Dialog open={isOpen} onClose={() => setOpen(false)} title="Keyboard shortcuts">
      <table className="w-full text-sm">
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} className="border-b border-border last:border-0">
              <td className="py-2 pr-4">{row.label}</td>
              <td className="py-2 text-right whitespace-nowrap">
                {row.keys.map((key) => (
                  <kbd
                    key={key}
                    className="ml-1 inline-block min-w-6 rounded border border-border bg-surface px-1.5 py-0.5 text-center font-mono text-xs"
                  >
                    {key}
                  </kbd>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
