import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { ProviderSettingsView } from '../../../src/components/admin/provider-settings';

export const generateMetadata = adminMetadata('providers');

export default function Page() {
  return <ProviderSettingsView />;
}
