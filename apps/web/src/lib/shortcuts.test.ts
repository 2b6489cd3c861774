import { describe, expect, it } from 'vitest';
import { isTypingTarget, matchShortcut, shortcutKeys, type KeyPress } from './shortcuts';

const press = (key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

describe('matchShortcut', () => {
  it('matches each chord with Ctrl or Cmd, whatever the case of the key', () => {
    expect(matchShortcut(press('O', { ctrlKey: true, shiftKey: true }), false)).toBe('newChat');
    expect(matchShortcut(press('o', { metaKey: true, shiftKey: true }), false)).toBe('newChat');
    expect(matchShortcut(press('k', { ctrlKey: true }), false)).toBe('focusSearch');
    expect(matchShortcut(press('S', { metaKey: true, shiftKey: true }), false)).toBe('toggleSidebar');
    expect(matchShortcut(press('C', { ctrlKey: true, shiftKey: true }), false)).toBe('copyLastAnswer');
    expect(matchShortcut(press('/', { ctrlKey: true }), false)).toBe('showShortcuts');
  });

  it('needs the exact modifiers', () => {
    expect(matchShortcut(press('o', { ctrlKey: true }), false)).toBeNull();
    expect(matchShortcut(press('k', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(matchShortcut(press('c', { ctrlKey: true }), false)).toBeNull(); // plain copy stays copy
    expect(matchShortcut(press('k'), false)).toBeNull();
    expect(matchShortcut(press('o', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeNull();
  });

  it('opens the list with ? outside text fields only', () => {
    expect(matchShortcut(press('?', { shiftKey: true }), false)).toBe('showShortcuts');
    expect(matchShortcut(press('?', { shiftKey: true }), true)).toBeNull();
    expect(matchShortcut(press('?', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });

  it('lets the chords work while typing', () => {
    expect(matchShortcut(press('k', { ctrlKey: true }), true)).toBe('focusSearch');
    expect(matchShortcut(press('O', { ctrlKey: true, shiftKey: true }), true)).toBe('newChat');
  });
});

describe('isTypingTarget', () => {
  it('is true for text fields, text areas and editable content', () => {
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for buttons, checkboxes and the page', () => {
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BODY' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('shortcutKeys', () => {
  it('names the keys per platform', () => {
    expect(shortcutKeys({ mod: true, shift: true, key: 'o' }, false)).toEqual(['Ctrl', 'Shift', 'O']);
    expect(shortcutKeys({ mod: true, shift: false, key: 'k' }, true)).toEqual(['⌘', 'K']);
    expect(shortcutKeys({ mod: false, shift: true, key: '?' }, false)).toEqual(['?']);
  });
});
