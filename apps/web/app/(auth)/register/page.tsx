import { Suspense } from 'react';
import { RegisterForm } from '../../../src/components/auth/register-form';
import { pageTitle } from '../../../src/i18n/page-title';

export const generateMetadata = pageTitle('register');

export default function Page() {
  return (
    <Suspense>
      <RegisterForm />
    </Suspense>
  );
}
