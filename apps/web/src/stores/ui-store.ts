import { create } from 'zustand';
import type { BranchSelection } from '../lib/message-tree';

export type ThemePreference = 'system' | 'light' | 'dark';
export const THEME_STORAGE_KEY = 'vivier-theme';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

interface UiStore {
  theme: ThemePreference;
  setTheme(theme: ThemePreference): void;
  /** Which sibling is shown under each parent, per chat (branch navigation). */
  branches: Record<string, BranchSelection>;
  setBranches(chatId: string, selection: BranchSelection): void;
  isSidebarOpen: boolean;
  setSidebarOpen(open: boolean): void;
  /** Hidden on wide screens (where it is otherwise always shown) by its keyboard shortcut. */
  isSidebarCollapsed: boolean;
  setSidebarCollapsed(collapsed: boolean): void;
  isShortcutsOpen: boolean;
  setShortcutsOpen(open: boolean): void;
  notices: Notice[];
  notify(text: string, tone?: Notice['tone']): void;
  dismiss(id: number): void;
}

let nextNoticeId = 1;

export const useUiStore = create<UiStore>()((set) => ({
  theme: 'system',
  setTheme: (theme) => set({ theme }),
  branches: {},
  setBranches: (chatId, selection) =>
    set((store) => ({ branches: { ...store.branches, [chatId]: selection } })),
  isSidebarOpen: false,
  setSidebarOpen: (open) => set({ isSidebarOpen: open }),
  isSidebarCollapsed: false,
  setSidebarCollapsed: (collapsed) => set({ isSidebarCollapsed: collapsed }),
  isShortcutsOpen: false,
  setShortcutsOpen: (open) => set({ isShortcutsOpen: open }),
  notices: [],
  notify: (text, tone = 'error') =>
    set((store) => ({
      notices: [
        ...store.notices.filter((notice) => notice.text !== text),
        { id: nextNoticeId++, tone, text },
      ].slice(-4),
    })),
  dismiss: (id) => set((store) => ({ notices: store.notices.filter((notice) => notice.id !== id) })),
}));

const EMPTY_SELECTION: BranchSelection = {};
export const useBranchSelection = (chatId: string | null): BranchSelection =>
  useUiStore((store) => (chatId ? (store.branches[chatId] ?? EMPTY_SELECTION) : EMPTY_SELECTION));
