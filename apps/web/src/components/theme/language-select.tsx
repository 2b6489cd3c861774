'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { LOCALE_COOKIE, isLocale, localeNames, locales } from '../../i18n/locales';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The UI language: kept in the NEXT_LOCALE cookie the server reads on every request, then the
 * page re-renders from the server in the new language (and `<html lang>` with it). Disabled until
 * React runs: a choice made in the server HTML would show in the box but never reach the cookie,
 * and hydration would then put the old language back (seen on a loaded machine, login page).
 */
export function LanguageSelect({ className = '' }: { className?: string }) {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const isHydrated = useIsHydrated();
  return (
    <select
      className={`rounded-md border border-border bg-canvas px-1.5 py-1 text-xs text-muted ${className}`}
      aria-label={t('language')}
      title={t('language')}
      value={locale}
      disabled={isPending || !isHydrated}
      onChange={(event) => {
        const next = event.target.value;
        if (!isLocale(next)) return;
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
        startTransition(() => router.refresh());
      }}
    >
      {locales.map((code) => (
        <option key={code} value={code} lang={code}>
          {localeNames[code]}
        </option>
      ))}
    </select>
  );
}
