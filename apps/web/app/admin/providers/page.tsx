import { ProviderSettingsView } from '../../../src/components/admin/provider-settings';

export const metadata = { title: 'Providers · Admin' };

export default function Page() {
  return <ProviderSettingsView />;
}
