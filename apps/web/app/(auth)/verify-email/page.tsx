import { Suspense } from 'react';
import { VerifyEmail } from '../../../src/components/auth/verify-email';
import { pageTitle } from '../../../src/i18n/page-title';

export const generateMetadata = pageTitle('verifyEmail');

export default function Page() {
  return (
    <Suspense>
      <VerifyEmail />
    </Suspense>
  );
}
