import { ApiKeysView } from '../../../src/components/keys/api-keys-view';

export const metadata = { title: 'API keys' };

export default function Page() {
  return <ApiKeysView />;
}
