import { SignupSettings } from '../../../src/components/admin/signup-settings';

export const metadata = { title: 'Sign-up · Admin' };

export default function Page() {
  return <SignupSettings />;
}
