'use client';

import { useUiStore, type ThemePreference } from '../../stores/ui-store';
import { MonitorIcon, MoonIcon, SunIcon } from '../ui/icons';
import { saveTheme } from './theme-sync';

const order: ThemePreference[] = ['system', 'light', 'dark'];
const names: Record<ThemePreference, string> = { system: 'system', light: 'light', dark: 'dark' };

/** One button cycling system → light → dark; its name says the current theme and the next. */
export function ThemeToggle() {
  const theme = useUiStore((store) => store.theme);
  const next = order[(order.indexOf(theme) + 1) % order.length]!;
  const Icon = theme === 'dark' ? MoonIcon : theme === 'light' ? SunIcon : MonitorIcon;
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Theme: ${names[theme]}. Switch to ${names[next]} theme`}
      title={`Theme: ${names[theme]}`}
      onClick={() => saveTheme(next)}
    >
      <Icon />
    </button>
  );
}
