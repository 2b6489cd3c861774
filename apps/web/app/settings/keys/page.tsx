import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ApiKeysView } from '../../../src/components/keys/api-keys-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('keys');
  return { title: t('title') };
}

export default function Page() {
  return <ApiKeysView />;
}
