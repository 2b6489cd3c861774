import type { AbstractIntlMessages } from 'next-intl';
import type { Locale } from './locales';
import { namespaces } from './namespaces';

/**
 * One locale's catalog, every namespace merged under its name. Server-only: the client receives
 * the active locale's messages through NextIntlClientProvider, never the five catalogs as JS.
 */
export async function loadMessages(locale: Locale): Promise<AbstractIntlMessages> {
  const entries = await Promise.all(
    namespaces.map(async (namespace) => {
      const module = (await import(`../../messages/${locale}/${namespace}.json`)) as {
        default: AbstractIntlMessages;
      };
      return [namespace, module.default] as const;
    }),
  );
  return Object.fromEntries(entries);
}
