import { SecuritySettings } from '../../../src/components/account/security-settings';

export const metadata = { title: 'Security' };

export default function Page() {
  return <SecuritySettings />;
}
