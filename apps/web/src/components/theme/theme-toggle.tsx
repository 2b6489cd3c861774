'use client';

import { useUiStore, type ThemePreference } from '../../stores/ui-store';
import { MonitorIcon, MoonIcon, SunIcon } from '../ui/icons';
import { saveTheme } from './theme-sync';
import { useTranslations } from 'next-intl';

const order: ThemePreference[] = ['system', 'light', 'dark'];

/** One button cycling system → light → dark; its name says the current theme and the next. */
export function ThemeToggle() {
  const t = useTranslations('common');
  const theme = useUiStore((store) => store.theme);
  const next = order[(order.indexOf(theme) + 1) % order.length]!;
  const Icon = theme === 'dark' ? MoonIcon : theme === 'light' ? SunIcon : MonitorIcon;
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t('themeLabel', { current: t(`theme.${theme}`), next: t(`theme.${next}`) })}
      title={t('themeTitle', { current: t(`theme.${theme}`) })}
      onClick={() => saveTheme(next)}
    >
      <Icon />
    </button>
  );
}
