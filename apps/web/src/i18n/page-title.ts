import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { Messages } from 'next-intl';

type PageTitle = keyof Messages['common']['pageTitle'];

/** `export const generateMetadata = pageTitle('login')`: the tab's title in the reader's language. */
export function pageTitle(key: PageTitle, extra: Metadata = {}) {
  return async (): Promise<Metadata> => {
    const t = await getTranslations('common');
    return { ...extra, title: t(`pageTitle.${key}`) };
  };
}
