import { Suspense } from 'react';
import { RegisterForm } from '../../../src/components/auth/register-form';

export const metadata = { title: 'Create account' };

export default function Page() {
  return (
    <Suspense>
      <RegisterForm />
    </Suspense>
  );
}
