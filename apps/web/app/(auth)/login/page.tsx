import { Suspense } from 'react';
import { LoginForm } from '../../../src/components/auth/login-form';
import { pageTitle } from '../../../src/i18n/page-title';

export const generateMetadata = pageTitle('login');

export default function Page() {
  return (
    <Suspense>
      <LoginForm />
    </Suspense>
  );
}
