import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SecuritySettings } from '../../../src/components/account/security-settings';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.security');
  return { title: t('title') };
}

export default function Page() {
  return <SecuritySettings />;
}
