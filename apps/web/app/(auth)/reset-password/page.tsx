import { Suspense } from 'react';
import { ResetPasswordForm } from '../../../src/components/auth/reset-password-form';

export const metadata = { title: 'Reset password' };

export default function Page() {
  return (
    <Suspense>
      <ResetPasswordForm />
    </Suspense>
  );
}
