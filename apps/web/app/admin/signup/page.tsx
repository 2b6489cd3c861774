import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { SignupSettings } from '../../../src/components/admin/signup-settings';

export const generateMetadata = adminMetadata('signup');

export default function Page() {
  return <SignupSettings />;
}
