import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

type Section =
  | 'users'
  | 'groups'
  | 'presets'
  | 'signup'
  | 'stats'
  | 'providers'
  | 'tools'
  | 'knowledge'
  | 'plans'
  | 'signIn'
  | 'auditLog';

/** An admin page's `generateMetadata`: "Users · Admin" in the reader's language. */
export function adminMetadata(section: Section) {
  return async (): Promise<Metadata> => {
    const t = await getTranslations('admin.shell');
    return { title: t('pageTitle', { section: t(`tabs.${section}`) }) };
  };
}
