import {
  createFormatter,
  createTranslator,
  NextIntlClientProvider,
  type Messages,
  type NamespaceKeys,
  type NestedKeyOf,
} from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { formats } from './formats';
import { loadMessages } from './load-messages';
import type { Locale } from './locales';

/** Server-renders a client component as a reader of `locale` sees it, with the real catalog. */
export async function renderIn(locale: Locale, element: ReactElement): Promise<string> {
  const messages = await loadMessages(locale);
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, { locale, messages, timeZone: 'UTC', children: element }),
  );
}

/** A translator of one namespace as a reader of `locale` sees it, from the real catalog (lib tests). */
export async function translatorIn<Namespace extends NamespaceKeys<Messages, NestedKeyOf<Messages>>>(
  locale: Locale,
  namespace: Namespace,
) {
  const messages = (await loadMessages(locale)) as Messages;
  return createTranslator({ locale, messages, namespace, timeZone: 'UTC', formats });
}

/** Dates and numbers as a reader of `locale` sees them (times in UTC). */
export function formatterIn(locale: Locale) {
  return createFormatter({ locale, timeZone: 'UTC', formats });
}
