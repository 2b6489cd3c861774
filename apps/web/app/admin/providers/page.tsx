import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { EnvProviderAccessPanel } from '../../../src/components/admin/env-provider-access';
import { ProviderSettingsView } from '../../../src/components/admin/provider-settings';

export const generateMetadata = adminMetadata('providers');

export default function Page() {
  return (
    <div className="space-y-4">
      <ProviderSettingsView />
      <EnvProviderAccessPanel />
    </div>
  );
}
