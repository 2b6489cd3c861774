export type ShortcutId = 'newChat' | 'focusSearch' | 'toggleSidebar' | 'copyLastAnswer' | 'showShortcuts';

/** What a shortcut needs of a KeyboardEvent (and of its target, already reduced to a flag). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Shortcut {
  id: ShortcutId;
  /** Ctrl on Windows and Linux, Cmd on macOS. */
  mod: boolean;
  shift: boolean;
  key: string;
  /** Whether it fires while the focus is in a text field (a chord with Ctrl/Cmd can; `?` cannot). */
  whileTyping: boolean;
}

/** Their names, by id, are in the `shortcuts` catalog (`labels`). */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'newChat', mod: true, shift: true, key: 'o', whileTyping: true },
  { id: 'focusSearch', mod: true, shift: false, key: 'k', whileTyping: true },
  { id: 'toggleSidebar', mod: true, shift: true, key: 's', whileTyping: true },
  { id: 'copyLastAnswer', mod: true, shift: true, key: 'c', whileTyping: true },
  { id: 'showShortcuts', mod: false, shift: true, key: '?', whileTyping: false },
  { id: 'showShortcuts', mod: true, shift: false, key: '/', whileTyping: true },
];

/** The shortcut a key press means, or null. Alt never takes part (it types characters on macOS). */
export function matchShortcut(press: KeyPress, isTyping: boolean): ShortcutId | null {
  if (press.altKey) return null;
  const hasMod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  const shortcut = SHORTCUTS.find(
    (candidate) =>
      candidate.key === key &&
      candidate.mod === hasMod &&
      // '?' is Shift+/ on most layouts but not all: trust the character, not the Shift key.
      (candidate.key === '?' || candidate.shift === press.shiftKey) &&
      (candidate.whileTyping || !isTyping),
  );
  return shortcut?.id ?? null;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'password', 'url', 'tel', 'number', '']);

/** Whether keys pressed with this element focused type text into it. */
export function isTypingTarget(
  target: { tagName?: string; type?: string; isContentEditable?: boolean } | null,
) {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? '').toLowerCase());
}

/** The keys of a shortcut as shown to people, e.g. "Ctrl Shift O" or "⌘ ⇧ O". */
export function shortcutKeys(shortcut: Pick<Shortcut, 'mod' | 'shift' | 'key'>, isMac: boolean): string[] {
  if (shortcut.key === '?') return ['?'];
  const keys: string[] = [];
  if (shortcut.mod) keys.push(isMac ? '⌘' : 'Ctrl');
  if (shortcut.shift) keys.push(isMac ? '⇧' : 'Shift');
  keys.push(shortcut.key.toUpperCase());
  return keys;
}
