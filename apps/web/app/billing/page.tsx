import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { BillingView } from '../../src/components/billing/billing-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('billing');
  return { title: t('title') };
}

export default function Page() {
  return (
    <Suspense>
      <BillingView />
    </Suspense>
  );
}
