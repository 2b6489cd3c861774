import { Suspense } from 'react';
import { ForgotPasswordForm } from '../../../src/components/auth/forgot-password-form';
import { pageTitle } from '../../../src/i18n/page-title';

export const generateMetadata = pageTitle('forgotPassword');

export default function Page() {
  return (
    <Suspense>
      <ForgotPasswordForm />
    </Suspense>
  );
}
