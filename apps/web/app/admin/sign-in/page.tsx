import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { SignInSettings } from '../../../src/components/admin/sign-in-settings';

export const generateMetadata = adminMetadata('signIn');

export default function Page() {
  return <SignInSettings />;
}
