import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AccountView } from '../../src/components/account/account-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account');
  return { title: t('title') };
}

export default function Page() {
  return <AccountView />;
}
