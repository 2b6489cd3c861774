'use client';

import { NextIntlClientProvider, useLocale, useMessages, useTimeZone } from 'next-intl';
import type { ReactNode } from 'react';
import { useIsHydrated } from '../hooks/use-is-hydrated';
import { formats } from './formats';

/**
 * Dates in the reader's own time zone: the server renders in its zone (so the HTML hydrates
 * cleanly), then the browser's takes over. The same provider element throughout, so nothing
 * below remounts when it does.
 */
export function BrowserTimeZone({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const messages = useMessages();
  const serverTimeZone = useTimeZone();
  const isHydrated = useIsHydrated();
  const timeZone = isHydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : serverTimeZone;
  return (
    <NextIntlClientProvider locale={locale} messages={messages} formats={formats} timeZone={timeZone}>
      {children}
    </NextIntlClientProvider>
  );
}
