import { NextIntlClientProvider } from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { loadMessages } from './load-messages';
import type { Locale } from './locales';

/** Server-renders a client component as a reader of `locale` sees it, with the real catalog. */
export async function renderIn(locale: Locale, element: ReactElement): Promise<string> {
  const messages = await loadMessages(locale);
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, { locale, messages, timeZone: 'UTC', children: element }),
  );
}
