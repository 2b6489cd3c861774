import { NextIntlClientProvider } from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { loadMessages } from './load-messages';

const english = await loadMessages('en');

/** Server-renders a client component as an English reader sees it, with the real catalog. */
export function renderInEnglish(element: ReactElement): string {
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale: 'en',
      messages: english,
      timeZone: 'UTC',
      children: element,
    }),
  );
}
