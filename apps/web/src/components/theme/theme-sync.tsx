'use client';

import { useEffect } from 'react';
import { THEME_STORAGE_KEY, useUiStore, type ThemePreference } from '../../stores/ui-store';

const isPreference = (value: string | null): value is ThemePreference =>
  value === 'light' || value === 'dark' || value === 'system';

/** Keeps <html class="dark"> in line with the chosen theme, or the system's when "system". */
export function ThemeSync() {
  const theme = useUiStore((store) => store.theme);

  useEffect(() => {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    if (isPreference(stored)) useUiStore.getState().setTheme(stored);
  }, []);

  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const isDark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.classList.toggle('dark', isDark);
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);

  return null;
}

export function saveTheme(theme: ThemePreference) {
  useUiStore.getState().setTheme(theme);
  try {
    if (theme === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
