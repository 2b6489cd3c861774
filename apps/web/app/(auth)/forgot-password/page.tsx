import { Suspense } from 'react';
import { ForgotPasswordForm } from '../../../src/components/auth/forgot-password-form';

export const metadata = { title: 'Forgot password' };

export default function Page() {
  return (
    <Suspense>
      <ForgotPasswordForm />
    </Suspense>
  );
}
