import { Suspense } from 'react';
import { ResetPasswordForm } from '../../../src/components/auth/reset-password-form';
import { pageTitle } from '../../../src/i18n/page-title';

export const generateMetadata = pageTitle('resetPassword');

export default function Page() {
  return (
    <Suspense>
      <ResetPasswordForm />
    </Suspense>
  );
}
