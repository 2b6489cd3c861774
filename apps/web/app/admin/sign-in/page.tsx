import { SignInSettings } from '../../../src/components/admin/sign-in-settings';

export const metadata = { title: 'Sign-in · Admin' };

export default function Page() {
  return <SignInSettings />;
}
