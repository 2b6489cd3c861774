import { AccountView } from '../../src/components/account/account-view';

export const metadata = { title: 'Account' };

export default function Page() {
  return <AccountView />;
}
