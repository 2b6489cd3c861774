import { Suspense } from 'react';
import { BillingView } from '../../src/components/billing/billing-view';

export const metadata = { title: 'Plan and usage' };

export default function Page() {
  return (
    <Suspense>
      <BillingView />
    </Suspense>
  );
}
